using VolunteerQuantum.Coordinator;
using VolunteerQuantum.Coordinator.Extensions;
using VolunteerQuantum.Grid.Configuration;

// Help only: nothing is configured, started or written.
if (SettingsHelp.Asked(args))
{
    Console.Write(SettingsHelp.Describe<CoordinatorOptions>("vq-coordinator", CoordinatorOptions.Section,
        "the VolunteerQuantum coordinator as a service (gRPC for volunteers and researchers, the store, the pipeline, the status pages); `vq coordinator` runs the same with command-line options"));
    return 0;
}

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddCoordinatorServices();
}
catch (CoordinatorConfigurationException e)
{
    // A configuration mistake, not a crash: one line saying what to fix, no stack trace.
    Console.Error.WriteLine($"vq-coordinator: error: {e.Message}");
    return 1;
}

var app = builder.Build();
app.MapCoordinatorEndpoints();
app.Run();
return 0;
