using Microsoft.Extensions.Logging;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Volunteer.Connection;

namespace VolunteerQuantum.Volunteer.Work;

/// <summary>
/// A replica's heartbeats: they renew its lease (suspensions included), carry its progress, the
/// checkpoint it resumed from and why it is paused, and cancel it when the coordinator says abort
/// or no longer knows the lease.
/// </summary>
public sealed partial class ReplicaHeartbeats(ILogger<ReplicaHeartbeats> logger)
{
    /// <summary>Heartbeats for the whole life of the replica, suspensions included, so the lease holds while it waits.</summary>
    public async Task RunAsync(CoordinatorClient client, ReplicaSession session, CancellationTokenSource lease)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(200, session.Assignment.HeartbeatIntervalMs));
        try
        {
            while (true)
            {
                await session.WaitForHeartbeatAsync(interval, lease.Token);
                try
                {
                    var reply = await client.HeartbeatAsync(session.ReplicaId, session.Progress, lease.Token, session.ResumedFromOperations, session.PausedReason);
                    if (reply.Action == HeartbeatAction.Abort)
                    {
                        LogAbortRequested(session.ReplicaId, reply.Reason);
                        session.Aborted = true;
                        await lease.CancelAsync();
                        return;
                    }
                }
                catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.PermissionDenied)
                {
                    LogAbortRequested(session.ReplicaId, e.Status.Detail);
                    session.Aborted = true;
                    await lease.CancelAsync();
                    return;
                }
                catch (Grpc.Core.RpcException e) when (e.StatusCode != Grpc.Core.StatusCode.Cancelled)
                {
                    // A coordinator restarting: keep computing, the lease resumes when it is back.
                    LogHeartbeatFailed(session.ReplicaId, e.Status.Detail);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The unit finished or was abandoned.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The coordinator asked to abort replica {ReplicaId}: {Reason}")]
    private partial void LogAbortRequested(string replicaId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat for replica {ReplicaId} failed: {Detail}")]
    private partial void LogHeartbeatFailed(string replicaId, string detail);
}
