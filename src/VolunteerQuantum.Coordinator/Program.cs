using VolunteerQuantum.Coordinator.Extensions;

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
