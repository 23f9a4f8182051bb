using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Volunteer.Capabilities;
using VolunteerQuantum.Volunteer.Checkpoints;
using VolunteerQuantum.Volunteer.Connection;

namespace VolunteerQuantum.Volunteer.Work;

/// <summary>
/// After a restart: finds the checkpoints a previous run of the daemon left, checks each (SHA-256,
/// same coordinator, same daemon version), and asks the coordinator with a heartbeat whether the
/// replica is still leased to this host. CONTINUE: the replica is resumed before any new work is
/// requested, and the heartbeat has told the coordinator where it resumes from. ABORT or
/// PermissionDenied: the lease is gone and so is the checkpoint.
/// </summary>
public sealed partial class CheckpointResumer(IOptions<VolunteerOptions> options, CheckpointStore checkpoints, ReplicaRunner runner, ILogger<CheckpointResumer> logger)
{
    private readonly VolunteerOptions _options = options.Value;

    /// <summary>
    /// Resumes (and completes) the first checkpointed replica whose lease holds: null when there was
    /// none, else whether its result was uploaded.
    /// </summary>
    public async Task<bool?> TryResumeAsync(CoordinatorClient client, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        foreach (var path in checkpoints.Files())
        {
            if (Open(path) is not var (stored, assignment, intact))
            {
                continue;
            }
            var header = stored.Header;
            if (!CoordinatorAddresses.Overlap(_options.Coordinator, header.Coordinator) || assignment.ReplicaId != header.ReplicaId)
            {
                LogDiscarded(Path.GetFileName(path), $"made for {header.Coordinator}, this daemon volunteers for {_options.Coordinator}");
                CheckpointStore.TryDelete(path);
                continue;
            }
            // A damaged state, or one from another daemon version (whose fusion may differ), is no
            // use; the lease still is, so the replica is computed from zero.
            var usable = intact && header.DaemonVersion == HostCapabilitiesProbe.DaemonVersion ? stored : null;
            var resumedFrom = usable?.Header.FusedOperationsDone ?? 0;
            var progress = header.FusedOperationsTotal > 0 ? (double)resumedFrom / header.FusedOperationsTotal : 0;
            try
            {
                var reply = await client.HeartbeatAsync(header.ReplicaId, progress, stoppingToken, resumedFrom);
                if (reply.Action == HeartbeatAction.Abort)
                {
                    LogLeaseLost(header.ReplicaId, reply.Reason);
                    CheckpointStore.TryDelete(path);
                    continue;
                }
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.PermissionDenied or StatusCode.NotFound)
            {
                LogLeaseLost(header.ReplicaId, e.Status.Detail);
                CheckpointStore.TryDelete(path);
                continue;
            }
            if (usable is null)
            {
                var why = intact ? $"written by daemon {header.DaemonVersion}, this is {HostCapabilitiesProbe.DaemonVersion}" : "its state fails the SHA-256 check";
                LogDiscarded(Path.GetFileName(path), $"{why}: computing replica {header.ReplicaId} from zero");
                CheckpointStore.TryDelete(path);
            }
            LogFound(header.ReplicaId, header.FusedOperationsDone, header.FusedOperationsTotal);
            return await runner.RunAsync(client, assignment, usable, stoppingToken);
        }
        return null;
    }

    /// <summary>
    /// The checkpoint, its assignment, and whether the whole file passed its SHA-256 check; null (and
    /// the file deleted) when not even the header and assignment can be trusted.
    /// </summary>
    private (StoredCheckpoint Stored, Assignment Assignment, bool Intact)? Open(string path)
    {
        try
        {
            StoredCheckpoint stored;
            var intact = true;
            try
            {
                stored = CheckpointFile.Verify(path);
            }
            catch (InvalidDataException e)
            {
                // The header and assignment carry their own check: a damaged state alone still names the replica.
                LogDamaged(Path.GetFileName(path), e.Message);
                stored = CheckpointFile.ReadHeader(path);
                intact = false;
            }
            return (stored, Assignment.Parser.ParseFrom(stored.Assignment), intact);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or InvalidProtocolBufferException)
        {
            LogDiscarded(Path.GetFileName(path), e.Message);
            CheckpointStore.TryDelete(path);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint {File} is damaged: {Detail}")]
    private partial void LogDamaged(string file, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Found a checkpoint of replica {ReplicaId} at {Done} of {Total} fused operations, and its lease holds")]
    private partial void LogFound(string replicaId, int done, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped the checkpoint of replica {ReplicaId}: the lease is gone ({Reason})")]
    private partial void LogLeaseLost(string replicaId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discarded checkpoint {File}: {Reason}")]
    private partial void LogDiscarded(string file, string reason);
}
