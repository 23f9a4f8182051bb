using VolunteerQuantum.Volunteer.Extensions;
using VolunteerQuantum.Volunteer.Hosting;
using VolunteerQuantum.Volunteer.Reporting;

// `vq-volunteer status [--data-dir DIR] [--json]`: what the installed daemon is doing.
if (args is ["status", .. var rest])
{
    return VolunteerStatusText.Print(StatusArguments.DataDirectory(rest), rest.Contains("--json"), Console.Out, Console.Error);
}

var builder = Host.CreateApplicationBuilder(args);
builder.AddVolunteerConfigFile();
builder.Services.AddSystemd();
builder.Services.AddWindowsService(o => o.ServiceName = "VolunteerQuantum");
builder.AddVolunteerServices();

using var host = builder.Build();
await host.RunAsync();
return 0;
