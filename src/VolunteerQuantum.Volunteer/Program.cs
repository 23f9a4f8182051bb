using VolunteerQuantum.Volunteer.Extensions;
using VolunteerQuantum.Volunteer.Hosting;
using VolunteerQuantum.Volunteer.Reporting;

// `vq-volunteer status [--data-dir DIR] [--json]`: what the installed daemon is doing.
if (args is ["status", .. var rest])
{
    return VolunteerStatusText.Print(StatusArguments.DataDirectory(rest), rest.Contains("--json"), Console.Out, Console.Error);
}

// Help only: nothing is configured, started or written.
if (VolunteerQuantum.Grid.Configuration.SettingsHelp.Asked(args))
{
    Console.Write(VolunteerQuantum.Grid.Configuration.SettingsHelp.Describe<VolunteerQuantum.Volunteer.VolunteerOptions>("vq-volunteer", VolunteerQuantum.Volunteer.VolunteerOptions.Section,
        "the VolunteerQuantum volunteer daemon (fetches work units, simulates them, uploads results); `vq-volunteer status` shows what it is doing"));
    return 0;
}

var builder = Host.CreateApplicationBuilder(args);
builder.AddVolunteerConfigFile();
builder.Services.AddSystemd();
builder.Services.AddWindowsService(o => o.ServiceName = "VolunteerQuantum");
builder.AddVolunteerServices();

using var host = builder.Build();
await host.RunAsync();
return 0;
