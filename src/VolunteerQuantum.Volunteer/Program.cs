using VolunteerQuantum.Volunteer.Extensions;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSystemd();
builder.Services.AddWindowsService(o => o.ServiceName = "VolunteerQuantum");
builder.AddVolunteerServices();

using var host = builder.Build();
await host.RunAsync();
