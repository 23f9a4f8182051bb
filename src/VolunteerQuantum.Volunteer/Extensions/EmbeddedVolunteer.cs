using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Volunteer.Work;

namespace VolunteerQuantum.Volunteer.Extensions;

/// <summary>A volunteer daemon hosted inside another process (`vq run`, `vq volunteer`, tests).</summary>
public sealed class EmbeddedVolunteer : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedVolunteer(IHost host) => _host = host;

    public VolunteerWorker Worker => _host.Services.GetRequiredService<VolunteerWorker>();

    public IServiceProvider Services => _host.Services;

    /// <param name="services">Replaces services before the daemon's own are added (tests register fake system readings here).</param>
    public static async Task<EmbeddedVolunteer> StartAsync(VolunteerOptions options, Action<ILoggingBuilder>? logging = null, Action<IServiceCollection>? services = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        logging?.Invoke(builder.Logging);
        services?.Invoke(builder.Services);
        builder.AddVolunteerServices(o =>
        {
            foreach (var property in typeof(VolunteerOptions).GetProperties().Where(p => p.CanWrite))
            {
                property.SetValue(o, property.GetValue(options));
            }
        });
        // Embedded in another program (vq, a test): that program owns SIGINT and SIGTERM, not this host.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new EmbeddedVolunteer(host);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _host.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the daemon as a service manager would (the running unit checkpoints), without disposing it.</summary>
    public Task StopAsync() => _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
