using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VolunteerQuantum.Volunteer.Capabilities;
using VolunteerQuantum.Volunteer.Work;

namespace VolunteerQuantum.Volunteer.Extensions;

public static class VolunteerServiceExtensions
{
    /// <summary>Registers the volunteer daemon (options from the "Volunteer" section, then <paramref name="configure"/>).</summary>
    public static IHostApplicationBuilder AddVolunteerServices(this IHostApplicationBuilder builder, Action<VolunteerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<VolunteerOptions>().Bind(builder.Configuration.GetSection(VolunteerOptions.Section));
        if (configure is not null)
        {
            options.Configure(configure);
        }
        builder.Services.AddSingleton<HostCapabilitiesProbe>();
        builder.Services.AddSingleton<CircuitCache>();
        builder.Services.AddSingleton<ReplicaRunner>();
        builder.Services.AddSingleton<VolunteerWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<VolunteerWorker>());
        return builder;
    }
}
