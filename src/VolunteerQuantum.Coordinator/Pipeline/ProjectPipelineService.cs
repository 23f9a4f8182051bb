using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Coordinator.Pipeline;

/// <summary>
/// A pipeline service that works through the projects flagged for it (<see cref="Waiting"/>), one
/// at a time through the <see cref="PipelineRunner"/>, so one project's failure never stops it.
/// It wakes on its signal and polls once a second besides; a round that cannot even list its
/// projects (the store unavailable) is logged and tried again.
/// </summary>
public abstract partial class ProjectPipelineService(GridStore store, PipelineRunner runner, WakeSignal signal, ILogger logger) : BackgroundService
{
    /// <summary>The store, for the derived service's own work.</summary>
    protected GridStore Store { get; } = store;

    /// <summary>The service's name in logs and failure reasons (a <see cref="PipelineRunner"/> constant).</summary>
    protected abstract string Service { get; }

    /// <summary>The projects waiting for this service, as a store query.</summary>
    protected abstract IEnumerable<ProjectRecord> Waiting(Storage.Sets.ProjectRecords projects);

    /// <summary>Does the service's work on one project; runs on the thread pool and may take long.</summary>
    protected abstract void Process(string projectId, CancellationToken stoppingToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!Store.HoldsLease(Service))
                {
                    // Another coordinator on the shared database runs this service.
                    await Task.Delay(PipelineRunner.LeaseRetry, stoppingToken);
                    continue;
                }
                foreach (var id in WaitingProjects())
                {
                    await runner.RunAsync(Service, id, () => Process(id, stoppingToken), stoppingToken);
                }
                await signal.WaitAsync(Store.IsShared ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogRoundFailed(logger, e, Service);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private List<string> WaitingProjects()
    {
        lock (Store.Gate)
        {
            return Waiting(Store.Projects).Select(p => p.Id).ToList();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Service} could not list the projects waiting for it; it will retry")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception, string service);
}
