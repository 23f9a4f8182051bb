using Microsoft.Extensions.Logging;
using VolunteerQuantum.Grid.Execution;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Volunteer.Connection;

namespace VolunteerQuantum.Volunteer.Work;

/// <summary>Uploads a computed replica (with patience while the coordinator is away), or gives its lease back.</summary>
public sealed partial class ReplicaUploader(ILogger<ReplicaUploader> logger)
{
    /// <summary>
    /// Uploads the result, retrying while the coordinator is unreachable (it may be restarting):
    /// computed work is worth a few minutes of patience. A refusal (lease lost, result not
    /// wanted) is final.
    /// </summary>
    public async Task SubmitAsync(CoordinatorClient client, ReplicaSession session, ResultHeader header, UnitOutcome? outcome, CancellationToken stoppingToken)
    {
        var replicaId = session.ReplicaId;
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), Random.Shared);
        var giveUp = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        var interrupted = false;
        while (true)
        {
            try
            {
                var chunks = outcome is { StateLength: > 0 } ? outcome.StateChunks(CoordinatorClient.ChunkBytes) : null;
                await client.SubmitAsync(header, chunks, stoppingToken);
                LogSubmitted(replicaId, header.Outcome, header.ComputeSeconds, header.GatesApplied - session.ResumedFromOperations, header.GatesApplied);
                return;
            }
            catch (Grpc.Core.RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.Internal or Grpc.Core.StatusCode.DeadlineExceeded or Grpc.Core.StatusCode.Unknown
                && DateTime.UtcNow < giveUp && !stoppingToken.IsCancellationRequested)
            {
                interrupted = true;
                var delay = backoff.Next();
                LogSubmitRetry(replicaId, e.Status.Detail, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken);
            }
            catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.FailedPrecondition && interrupted)
            {
                // A result is accepted once: an earlier attempt, cut off after the coordinator recorded it, delivered it.
                LogProbablyDelivered(replicaId, e.Status.Detail);
                return;
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

    public async Task ReleaseAsync(CoordinatorClient client, string replicaId, string reason)
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Submitted replica {ReplicaId}: {Outcome} after {Seconds:0.000} s of computing ({Computed} of {Total} fused operations computed by this run)")]
    private partial void LogSubmitted(string replicaId, ResultOutcome outcome, double seconds, long computed, long total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload of replica {ReplicaId} failed ({Detail}); retrying in {Seconds:0.0} s")]
    private partial void LogSubmitRetry(string replicaId, string detail, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {ReplicaId} is no longer awaited ({Detail}): an earlier, interrupted upload probably delivered it")]
    private partial void LogProbablyDelivered(string replicaId, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The coordinator refused replica {ReplicaId}: {Code}: {Detail}")]
    private partial void LogRefused(string replicaId, Grpc.Core.StatusCode code, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released replica {ReplicaId}: {Reason}")]
    private partial void LogReleased(string replicaId, string reason);
}
