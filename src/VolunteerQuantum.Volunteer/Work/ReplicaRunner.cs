using Google.Protobuf.Collections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Grid.Execution;
using VolunteerQuantum.Grid.Units;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Volunteer.Connection;

namespace VolunteerQuantum.Volunteer.Work;

/// <summary>
/// Computes one leased replica: fetch the circuit, simulate while heartbeating (an "abort" answer
/// cancels the simulation), then upload the result. A daemon that is stopped mid-unit releases its
/// lease so the unit goes to someone else at once.
/// </summary>
public sealed partial class ReplicaRunner(IOptions<VolunteerOptions> options, CircuitCache circuits, ILogger<ReplicaRunner> logger)
{
    private readonly VolunteerOptions _options = options.Value;

    public async Task RunAsync(CoordinatorClient client, Assignment assignment, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(assignment);
        var task = assignment.Task;
        LogLeased(assignment.ReplicaId, task.UnitId);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var progress = new LatestProgress();
        var heartbeats = HeartbeatAsync(client, assignment, progress, abort);
        UnitOutcome? outcome = null;
        string? error = null;
        try
        {
            var source = await circuits.GetAsync(client, task.Circuit, abort.Token);
            var spec = MapTask(task, source);
            var limits = new ExecutionLimits { Threads = _options.MaxThreads, MaxMemoryBytes = _options.MaxMemoryBytes };
            var tamper = Tampering.For(_options.Misbehave);
            outcome = await Task.Factory.StartNew(
                () => UnitExecutor.Execute(spec, limits, progress, abort.Token, tamper),
                abort.Token,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await abort.CancelAsync();
            await heartbeats;
            await ReleaseAsync(client, assignment.ReplicaId, "the volunteer daemon is stopping");
            return;
        }
        catch (OperationCanceledException)
        {
            await heartbeats;
            LogAborted(assignment.ReplicaId);
            return;
        }
        catch (Exception e) when (e is not OutOfMemoryException || e is Simulation.StateTooLargeException)
        {
            // The unit cannot be computed here (bad circuit, too large, …): say so, the grid decides.
            error = e.Message;
        }
        await abort.CancelAsync();
        await heartbeats;
        using (outcome)
        {
            var header = outcome is null
                ? new ResultHeader { ReplicaId = assignment.ReplicaId, Outcome = ResultOutcome.Error, ErrorMessage = error ?? "unknown error" }
                : ResultMapping.Header(assignment.ReplicaId, outcome);
            await SubmitWithRetriesAsync(client, assignment.ReplicaId, header, outcome, stoppingToken);
        }
    }

    /// <summary>
    /// Uploads the result, retrying while the coordinator is unreachable (it may be restarting):
    /// computed work is worth a few minutes of patience. A refusal (lease lost, result not
    /// wanted) is final.
    /// </summary>
    private async Task SubmitWithRetriesAsync(CoordinatorClient client, string replicaId, ResultHeader header, UnitOutcome? outcome, CancellationToken stoppingToken)
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), Random.Shared);
        var giveUp = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            try
            {
                var chunks = outcome is { StateLength: > 0 } ? outcome.StateChunks(CoordinatorClient.ChunkBytes) : null;
                await client.SubmitAsync(header, chunks, stoppingToken);
                LogSubmitted(replicaId, header.Outcome, header.ComputeSeconds);
                return;
            }
            catch (Grpc.Core.RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.Internal or Grpc.Core.StatusCode.DeadlineExceeded or Grpc.Core.StatusCode.Unknown
                && DateTime.UtcNow < giveUp && !stoppingToken.IsCancellationRequested)
            {
                var delay = backoff.Next();
                LogSubmitRetry(replicaId, e.Status.Detail, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken);
            }
            catch (Grpc.Core.RpcException e) when (e.StatusCode is not (Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.Cancelled))
            {
                LogRefused(replicaId, e.StatusCode, e.Status.Detail);
                // Give the lease back so the unit goes to someone else now rather than at its expiry.
                await ReleaseAsync(client, replicaId, $"result refused: {e.Status.Detail}");
                return;
            }
        }
    }

    private async Task HeartbeatAsync(CoordinatorClient client, Assignment assignment, LatestProgress progress, CancellationTokenSource abort)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(200, assignment.HeartbeatIntervalMs));
        try
        {
            while (true)
            {
                await Task.Delay(interval, abort.Token);
                try
                {
                    var reply = await client.HeartbeatAsync(assignment.ReplicaId, progress.Value, abort.Token);
                    if (reply.Action == HeartbeatAction.Abort)
                    {
                        LogAbortRequested(assignment.ReplicaId, reply.Reason);
                        await abort.CancelAsync();
                        return;
                    }
                }
                catch (Grpc.Core.RpcException e) when (e.StatusCode != Grpc.Core.StatusCode.Cancelled)
                {
                    // A coordinator restarting: keep computing, the lease resumes when it is back.
                    LogHeartbeatFailed(assignment.ReplicaId, e.Status.Detail);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The unit finished or was abandoned.
        }
    }

    private async Task ReleaseAsync(CoordinatorClient client, string replicaId, string reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.ReleaseAsync(replicaId, reason, timeout.Token);
            LogReleased(replicaId, reason);
        }
        catch (Exception e) when (e is Grpc.Core.RpcException or OperationCanceledException)
        {
            // The lease will expire on its own.
        }
    }

    private static UnitTaskSpec MapTask(UnitTask task, string source) => new()
    {
        Source = source,
        FileName = task.CircuitFileName,
        SinglePrecision = task.Precision == Precision.Single,
        Parameters = ToDictionary(task.Parameters),
        SketchSeeds = [.. task.SketchSeeds],
        UploadState = task.Whole?.ReturnState ?? false,
        Whole = new WholeUnitSpec
        {
            Shots = task.Whole?.Shots ?? 0,
            Seed = task.Whole?.Seed ?? 0,
            WantsState = task.SketchSeeds.Count > 0 || (task.Whole?.ReturnState ?? false),
            Amplitudes = [.. task.Whole?.Amplitudes ?? []],
            Observables = [.. task.Whole?.Observables ?? []],
        },
    };

    private static Dictionary<string, double> ToDictionary(MapField<string, double> map) => map.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Leased replica {ReplicaId} of unit {UnitId}")]
    private partial void LogLeased(string replicaId, string unitId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Submitted replica {ReplicaId}: {Outcome} after {Seconds:0.000} s of computing")]
    private partial void LogSubmitted(string replicaId, ResultOutcome outcome, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload of replica {ReplicaId} failed ({Detail}); retrying in {Seconds:0.0} s")]
    private partial void LogSubmitRetry(string replicaId, string detail, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The coordinator refused replica {ReplicaId}: {Code}: {Detail}")]
    private partial void LogRefused(string replicaId, Grpc.Core.StatusCode code, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {ReplicaId} abandoned")]
    private partial void LogAborted(string replicaId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The coordinator asked to abort replica {ReplicaId}: {Reason}")]
    private partial void LogAbortRequested(string replicaId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat for replica {ReplicaId} failed: {Detail}")]
    private partial void LogHeartbeatFailed(string replicaId, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released replica {ReplicaId}: {Reason}")]
    private partial void LogReleased(string replicaId, string reason);
}
