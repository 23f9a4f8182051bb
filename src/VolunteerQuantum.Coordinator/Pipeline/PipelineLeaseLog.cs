using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Coordinator.Pipeline;

/// <summary>
/// On a database several coordinators share: logs which pipeline services this coordinator takes
/// up or loses (so an operator sees a takeover), and wakes the watchers of projects when another
/// coordinator changed their records.
/// </summary>
public sealed partial class PipelineLeaseLog(GridStore store, GridEvents events, ILogger<PipelineLeaseLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        store.LeaseChanged += OnLeaseChanged;
        store.ChangedElsewhere += events.Changed;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        store.LeaseChanged -= OnLeaseChanged;
        store.ChangedElsewhere -= events.Changed;
        return Task.CompletedTask;
    }

    private void OnLeaseChanged(string service, bool held)
    {
        if (!store.IsShared)
        {
            return;
        }
        if (held)
        {
            LogTaken(service);
        }
        else
        {
            LogLost(service);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This coordinator now runs the {Service} for the shared database")]
    private partial void LogTaken(string service);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This coordinator lost the {Service} (its database connection broke); another takes it over")]
    private partial void LogLost(string service);
}
