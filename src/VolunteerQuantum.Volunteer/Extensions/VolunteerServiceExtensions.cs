using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using VolunteerQuantum.Volunteer.Checkpoints;
using VolunteerQuantum.Volunteer.Policy;
using VolunteerQuantum.Volunteer.Readings;
using VolunteerQuantum.Volunteer.Reporting;
using VolunteerQuantum.Volunteer.Work;

namespace VolunteerQuantum.Volunteer.Extensions;

public static class VolunteerServiceExtensions
{
    /// <summary>
    /// Registers the volunteer daemon (options from the "Volunteer" section, then <paramref name="configure"/>).
    /// The system readings come from this machine unless an <see cref="ISystemReadings"/> was registered first (tests).
    /// </summary>
    public static IHostApplicationBuilder AddVolunteerServices(this IHostApplicationBuilder builder, Action<VolunteerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<VolunteerOptions>().Bind(builder.Configuration.GetSection(VolunteerOptions.Section));
        if (configure is not null)
        {
            options.Configure(configure);
        }
        // Stopping lets the running step finish and writes a checkpoint, which takes longer than the default 30 s for a large state.
        builder.Services.AddOptions<HostOptions>().Configure<Microsoft.Extensions.Options.IOptions<VolunteerOptions>>(
            (host, volunteer) => host.ShutdownTimeout = TimeSpan.FromSeconds(Math.Max(5, volunteer.Value.ShutdownTimeoutSeconds)));
        builder.Services.TryAddSingleton(_ => SystemReadings.ForThisMachine());
        builder.Services.AddSingleton<VolunteerStatusReporter>();
        builder.Services.AddSingleton<ComputingPolicyMonitor>();
        builder.Services.AddSingleton<IComputingPolicy>(sp => sp.GetRequiredService<ComputingPolicyMonitor>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ComputingPolicyMonitor>());
        builder.Services.AddSingleton<CircuitCache>();
        builder.Services.AddSingleton<ProgramCache>();
        builder.Services.AddSingleton<TaskExecution>();
        builder.Services.AddSingleton<CheckpointStore>();
        builder.Services.AddSingleton<ComputingGate>();
        builder.Services.AddSingleton<ReplicaHeartbeats>();
        builder.Services.AddSingleton<ReplicaUploader>();
        builder.Services.AddSingleton<ReplicaRunner>();
        builder.Services.AddSingleton<CheckpointResumer>();
        builder.Services.AddSingleton<VolunteerWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<VolunteerWorker>());
        return builder;
    }
}
