using VolunteerQuantum.Cli.Commands;

return await VqCommand.Build().Parse(args).InvokeAsync();
