using System.Diagnostics;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Simulation;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Volunteer.Reporting;

namespace VolunteerQuantum.Volunteer.Checkpoints;

/// <summary>
/// Writes the checkpoints the engine offers during one run of a replica. A checkpoint offered on
/// cancellation is written only when the replica will be resumed (suspend, shutdown), not when the
/// coordinator abandoned it. A checkpoint that cannot be written (disk full) is skipped: the run
/// goes on, and the previous checkpoint stays.
/// </summary>
public sealed partial class ReplicaCheckpointer(
    CheckpointStore store,
    CheckpointHeader template,
    byte[] assignment,
    Func<bool> keepOnCancellation,
    VolunteerStatusReporter status,
    ILogger logger)
{
    /// <summary>Room to leave free on the disk besides the checkpoint itself.</summary>
    private const long SpareBytes = 64L << 20;

    public void Save(SimulationCheckpoint checkpoint)
    {
        if (checkpoint.Reason == CheckpointReason.Cancellation && !keepOnCancellation())
        {
            return;
        }
        var state = checkpoint.State;
        var bytes = state.Length * state.BytesPerAmplitude;
        var path = store.PathFor(template.ReplicaId);
        if (FreeBytes(store.Directory) is { } free && free < bytes + SpareBytes)
        {
            LogNoRoom(template.ReplicaId, bytes >> 20, free >> 20);
            return;
        }
        var clock = Stopwatch.StartNew();
        var header = template with
        {
            Precision = state.Precision == Precision.Single ? "single" : "double",
            Qubits = state.TotalQubits,
            FusedOperationsDone = checkpoint.FusedOperationsDone,
            FusedOperationsTotal = checkpoint.FusedOperationsTotal,
            CreatedUtc = DateTime.UtcNow,
            StateBytes = bytes,
        };
        try
        {
            CheckpointFile.Write(path, header, assignment, state);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogWriteFailed(template.ReplicaId, e.Message);
            CheckpointStore.TryDelete(path + ".tmp");
            return;
        }
        status.Checkpointed(new CheckpointStatus
        {
            ReplicaId = template.ReplicaId,
            FusedOperationsDone = checkpoint.FusedOperationsDone,
            FusedOperationsTotal = checkpoint.FusedOperationsTotal,
            Bytes = bytes,
            TimeUtc = header.CreatedUtc,
        });
        LogCheckpointed(template.ReplicaId, checkpoint.FusedOperationsDone, checkpoint.FusedOperationsTotal, checkpoint.Reason, clock.Elapsed.TotalSeconds);
    }

    private static long? FreeBytes(string directory)
    {
        try
        {
            return new DriveInfo(directory).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkpointed replica {ReplicaId} at {Done} of {Total} fused operations ({Reason}, {Seconds:0.000} s)")]
    private partial void LogCheckpointed(string replicaId, int done, int total, CheckpointReason reason, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No checkpoint of replica {ReplicaId}: it needs {NeedMiB} MiB and the disk has {FreeMiB} MiB free")]
    private partial void LogNoRoom(string replicaId, long needMiB, long freeMiB);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint of replica {ReplicaId} failed: {Detail}")]
    private partial void LogWriteFailed(string replicaId, string detail);
}
