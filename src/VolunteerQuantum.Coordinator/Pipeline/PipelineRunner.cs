using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Coordinator.Projects;
using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Coordinator.Pipeline;

/// <summary>
/// Runs one item (one project's step) of a pipeline service so the service survives it: an
/// exception is logged and counted on the project (persisted, so the count survives a restart),
/// the service backs off from that project for a while, and after
/// <see cref="CoordinatorOptions.MaxPipelineAttempts"/> consecutive failures the project fails with
/// the reason. A store that cannot be written (a full disk) is nobody's project's fault: it only
/// delays. Nothing but cancellation at shutdown leaves <see cref="Run"/>, so one poison project can
/// never stop the coordinator or the other projects.
/// </summary>
public sealed partial class PipelineRunner(
    GridStore store,
    ProjectFinisher finisher,
    PipelineProbe probe,
    IOptions<CoordinatorOptions> options,
    TimeProvider clock,
    ILogger<PipelineRunner> logger)
{
    public const string Validator = "validator";
    public const string StageAdvancer = "stage advancer";
    public const string Assimilator = "assimilator";
    public const string LeaseSweeper = "lease sweeper";
    public const string BlobReaper = "blob reaper";

    /// <summary>How often a coordinator that does not run a service asks whether it may take it over.</summary>
    public static readonly TimeSpan LeaseRetry = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan LongestBackoff = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<(string Service, string ProjectId), DateTime> _retryAt = new();

    /// <summary>
    /// The projects whose stored record counts failures (read from the store once, then kept up to
    /// date here), so a success on any other project, the usual case, reads nothing.
    /// </summary>
    private ConcurrentDictionary<string, byte> Failing => LazyInitializer.EnsureInitialized(ref _failing, () =>
    {
        lock (store.Gate)
        {
            return new(store.Projects.Running().Where(p => p.PipelineFailures > 0).Select(p => KeyValuePair.Create(p.Id, (byte)0)), StringComparer.Ordinal);
        }
    });

    private ConcurrentDictionary<string, byte>? _failing;

    /// <summary>Whether the service may work on the project now, not backing off after a failure.</summary>
    public bool Due(string service, string projectId) =>
        !_retryAt.TryGetValue((service, projectId), out var at) || Now >= at;

    /// <summary>Runs <paramref name="work"/> for the project; true when it succeeded.</summary>
    public bool Run(string service, string projectId, Action work, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!Due(service, projectId))
        {
            return false;
        }
        try
        {
            probe.BeforeItem(service, projectId);
            work();
            _retryAt.TryRemove((service, projectId), out _);
            ResetFailures(service, projectId);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (StorageUnavailableException e)
        {
            LogStorageUnavailable(service, projectId, e.Message);
            Backoff(service, projectId, 1);
            return false;
        }
        catch (Exception e)
        {
            Failed(service, projectId, e);
            return false;
        }
    }

    /// <summary>Runs <paramref name="work"/> on the thread pool (it may stream gigabytes): the service's loop stays free.</summary>
    public Task<bool> RunAsync(string service, string projectId, Action work, CancellationToken stoppingToken) =>
        Task.Run(() => Run(service, projectId, work, stoppingToken), stoppingToken);

    private void Failed(string service, string projectId, Exception error)
    {
        var attempts = 0;
        var limit = Math.Max(1, options.Value.MaxPipelineAttempts);
        try
        {
            store.Transaction(() =>
            {
                var project = store.Projects.FindById(projectId);
                if (project is not { State: ProjectState.Running })
                {
                    return;
                }
                // Another service's failures are not this one's: its count starts afresh.
                attempts = project.PipelineFailingService == service ? project.PipelineFailures + 1 : 1;
                project.PipelineFailures = attempts;
                project.PipelineFailingService = service;
                project.LastPipelineFailure = $"{service}: {Describe(error)}";
                Failing[projectId] = 0;
                if (attempts >= limit)
                {
                    finisher.End(project, ProjectState.Failed, $"the {service} failed on this project {attempts} times in a row; last: {Describe(error)}");
                }
                else
                {
                    store.Projects.Update(project);
                }
            });
        }
        catch (Exception again) when (again is not OperationCanceledException)
        {
            // The store itself is failing: the failure is not counted, the item is retried later.
            LogNotRecorded(again, service, projectId);
        }
        LogFailed(error, service, projectId, attempts, limit);
        Backoff(service, projectId, Math.Max(1, attempts));
    }

    /// <summary>The service succeeded on the project: its own run of failures is over (another service's is not).</summary>
    private void ResetFailures(string service, string projectId)
    {
        if (!Failing.ContainsKey(projectId))
        {
            return;
        }
        lock (store.Gate)
        {
            if (store.Projects.FindById(projectId) is not { PipelineFailures: > 0 } failing)
            {
                Failing.TryRemove(projectId, out _);
                return;
            }
            if (failing.PipelineFailingService != service)
            {
                return;
            }
        }
        store.Transaction(() =>
        {
            if (store.Projects.FindById(projectId) is { PipelineFailures: > 0 } project && project.PipelineFailingService == service)
            {
                project.PipelineFailures = 0;
                project.PipelineFailingService = null;
                store.Projects.Update(project);
                Failing.TryRemove(projectId, out _);
            }
        });
    }

    private void Backoff(string service, string projectId, int attempts)
    {
        var delay = TimeSpan.FromSeconds(options.Value.PipelineRetrySeconds * Math.Pow(2, Math.Min(attempts - 1, 16)));
        _retryAt[(service, projectId)] = Now + (delay < LongestBackoff ? delay : LongestBackoff);
    }

    /// <summary>An error as a researcher sees it in the project's failure reason: type and message, printable, bounded.</summary>
    private static string Describe(Exception error)
    {
        var text = $"{error.GetType().Name}: {StoredText.Strip(error.Message)}";
        return text.Length <= 500 ? text : text[..500] + "…";
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(EventId = 200, EventName = "PipelineItemFailed", Level = LogLevel.Error,
        Message = "The {Service} failed on project {ProjectId} (failure {Attempts} of {Limit} before the project fails)")]
    private partial void LogFailed(Exception exception, string service, string projectId, int attempts, int limit);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Service} could not record its failure on project {ProjectId}; it will retry")]
    private partial void LogNotRecorded(Exception exception, string service, string projectId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Service} could not work on project {ProjectId}: {Reason}; it will retry")]
    private partial void LogStorageUnavailable(string service, string projectId, string reason);
}
