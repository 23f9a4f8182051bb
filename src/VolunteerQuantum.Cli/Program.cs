using System.CommandLine;
using VolunteerQuantum.Cli.Commands;

using var signals = new ShutdownSignals();
// System.CommandLine's own signal handling is off: it would give a stopping command only two seconds,
// less than a volunteer needs to checkpoint.
return await VqCommand.Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, signals.Token);
