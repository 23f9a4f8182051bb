using Google.Protobuf;
using Google.Protobuf.Collections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Grid.Execution;
using VolunteerQuantum.Grid.Units;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.StateSpace;
using VolunteerQuantum.Volunteer.Capabilities;
using VolunteerQuantum.Volunteer.Checkpoints;
using VolunteerQuantum.Volunteer.Connection;
using VolunteerQuantum.Volunteer.Policy;
using VolunteerQuantum.Volunteer.Reporting;

namespace VolunteerQuantum.Volunteer.Work;

/// <summary>
/// Computes one leased replica: fetch the circuit, simulate while heartbeating (an "abort" answer
/// cancels the simulation), then upload the result and drop its checkpoint.
/// While it computes it checkpoints every <see cref="VolunteerOptions.CheckpointSeconds"/>. When the
/// computing policy says pause, the simulation is cancelled at the next fused operation, which
/// writes a last checkpoint on its way out (cancel-and-resume rather than a paused engine: the state's
/// memory and the threads go back to the user while they need them); the replica stays leased, its
/// heartbeats say why it is paused, and it resumes from that checkpoint once the policy allows.
/// A daemon that is stopped mid-unit keeps the checkpoint and the lease, so a quick restart resumes;
/// without a checkpoint it releases the lease so the unit goes to someone else at once.
/// </summary>
public sealed partial class ReplicaRunner(
    IOptions<VolunteerOptions> options,
    CircuitCache circuits,
    TaskExecution execution,
    IComputingPolicy policy,
    ComputingGate gate,
    ReplicaHeartbeats beats,
    ReplicaUploader uploader,
    CheckpointStore checkpoints,
    VolunteerStatusReporter status,
    ILogger<ReplicaRunner> logger)
{
    private readonly VolunteerOptions _options = options.Value;

    /// <summary>Computes a replica, from <paramref name="resumeFrom"/> when given (a checkpoint of this very replica).</summary>
    /// <returns>True when a result (or an error report) was uploaded.</returns>
    public async Task<bool> RunAsync(CoordinatorClient client, Assignment assignment, StoredCheckpoint? resumeFrom, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(assignment);
        var task = assignment.Task;
        using var session = new ReplicaSession(assignment, status) { ResumedFromOperations = resumeFrom?.Header.FusedOperationsDone ?? 0 };
        if (resumeFrom is null)
        {
            LogLeased(assignment.ReplicaId, task.UnitId);
        }
        status.ReplicaStarted(new ReplicaStatus
        {
            ReplicaId = assignment.ReplicaId,
            UnitId = task.UnitId,
            ProjectId = task.ProjectId,
            ResumedFromOperations = session.ResumedFromOperations,
            StartedUtc = DateTime.UtcNow,
        });
        using var lease = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeats = beats.RunAsync(client, session, lease);
        UnitOutcome? outcome = null;
        string? error = null;
        try
        {
            outcome = await ComputeReachingInputsAsync(client, task, session, resumeFrom, lease.Token);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await lease.CancelAsync();
            await heartbeats;
            if (_options.KeepLeaseOnStop && checkpoints.Exists(assignment.ReplicaId))
            {
                LogKeptForRestart(assignment.ReplicaId);
            }
            else
            {
                checkpoints.Delete(assignment.ReplicaId);
                await uploader.ReleaseAsync(client, assignment.ReplicaId, "the volunteer daemon is stopping");
            }
            status.ReplicaEnded(completed: false);
            return false;
        }
        catch (OperationCanceledException)
        {
            await heartbeats;
            checkpoints.Delete(assignment.ReplicaId);
            LogAborted(assignment.ReplicaId);
            status.ReplicaEnded(completed: false);
            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException || e is Simulation.StateTooLargeException)
        {
            // The unit cannot be computed here (bad circuit, too large, …): say so, the grid decides.
            error = e.Message;
        }
        await lease.CancelAsync();
        await heartbeats;
        using (outcome)
        {
            var header = outcome is null
                ? new ResultHeader { ReplicaId = assignment.ReplicaId, Outcome = ResultOutcome.Error, ErrorMessage = error ?? "unknown error" }
                : ResultMapping.Header(assignment.ReplicaId, outcome);
            await uploader.SubmitAsync(client, session, header, outcome, stoppingToken);
        }
        checkpoints.Delete(assignment.ReplicaId);
        status.ReplicaEnded(completed: true);
        return true;
    }

    /// <summary>
    /// Downloads the unit's inputs and computes it. Inputs that cannot be downloaded because no
    /// coordinator answers (one restarting, every address unreachable) are not the unit's fault:
    /// reporting an error would cost the unit a replica. The download is retried with back-off for
    /// as long as the lease holds (the heartbeats end it if the coordinator gives the unit away).
    /// </summary>
    private async Task<UnitOutcome> ComputeReachingInputsAsync(CoordinatorClient client, UnitTask task, ReplicaSession session, StoredCheckpoint? resumeFrom, CancellationToken leaseToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (task.DetailCase is UnitTask.DetailOneofCase.Shard or UnitTask.DetailOneofCase.Paths)
                {
                    return await ComputeWithoutCheckpointsAsync(client, session, leaseToken);
                }
                var source = await circuits.GetAsync(client, task.Circuit, leaseToken);
                // The noise model is text fetched like the circuit (and cached with it, by hash).
                var noise = task.Noise is { Sha256.Length: > 0 } ? await circuits.GetAsync(client, task.Noise, leaseToken) : null;
                return await ComputeAsync(MapTask(task, source, noise), session, resumeFrom, leaseToken);
            }
            catch (Grpc.Core.RpcException e) when (FailoverPolicy.IsUnreachable(e) && !leaseToken.IsCancellationRequested)
            {
                var wait = TimeSpan.FromSeconds(Math.Min(30, 0.5 * Math.Pow(2, Math.Min(attempt, 6))));
                LogInputsUnreachable(session.ReplicaId, e.Status.Detail, wait.TotalSeconds);
                await Task.Delay(wait, leaseToken);
            }
        }
    }

    /// <summary>Runs the simulation until it completes, suspending (and resuming from a checkpoint) as the policy says.</summary>
    private async Task<UnitOutcome> ComputeAsync(UnitTaskSpec spec, ReplicaSession session, StoredCheckpoint? resumeFrom, CancellationToken leaseToken)
    {
        var stateBytes = StateBytes(spec);
        var assignmentBytes = session.Assignment.ToByteArray();
        var tamper = Tampering.For(_options.Misbehave);
        while (true)
        {
            await gate.WaitUntilAllowedAsync(session, stateBytes, leaseToken);
            var decision = policy.Current;
            var limits = new ExecutionLimits { Threads = decision.Threads, MaxMemoryBytes = decision.MemoryBytes };
            session.ResumedFromOperations = resumeFrom?.Header.FusedOperationsDone ?? 0;
            if (resumeFrom is { Header: var header })
            {
                LogResuming(session.ReplicaId, header.FusedOperationsDone, header.FusedOperationsTotal);
                status.Checkpointed(new CheckpointStatus
                {
                    ReplicaId = header.ReplicaId,
                    FusedOperationsDone = header.FusedOperationsDone,
                    FusedOperationsTotal = header.FusedOperationsTotal,
                    Bytes = header.StateBytes,
                    TimeUtc = header.CreatedUtc,
                });
            }
            using var suspend = CancellationTokenSource.CreateLinkedTokenSource(leaseToken);
            var watcher = gate.WatchAsync(session, stateBytes, suspend);
            // Trajectory ranges keep no single state to checkpoint: they restart from zero after a suspension.
            var checkpointing = spec.Whole.IsNoisy ? null : Checkpointing(session, spec, assignmentBytes, resumeFrom);
            try
            {
                return await Task.Factory.StartNew(
                    () => UnitExecutor.Execute(spec, limits, session, suspend.Token, tamper, checkpointing),
                    CancellationToken.None,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default);
            }
            catch (OperationCanceledException) when (!leaseToken.IsCancellationRequested)
            {
                // Suspended by the policy; the simulation checkpointed on its way out if it could.
                LogSuspended(session.ReplicaId, session.PausedReason);
                resumeFrom = TryReadCheckpoint(session.ReplicaId);
            }
            catch (Exception e) when (resumeFrom is not null && e is InvalidDataException or InvalidOperationException)
            {
                // A checkpoint that fails its checksum or does not fit this run: start from zero instead.
                LogCheckpointUnusable(session.ReplicaId, e.Message);
                checkpoints.Delete(session.ReplicaId);
                resumeFrom = null;
            }
            finally
            {
                await suspend.CancelAsync();
                await watcher;
            }
        }
    }

    /// <summary>
    /// Shard and paths units (short by design: a stage of one shard, a range of paths) do not
    /// checkpoint: a suspension cancels them and they start again from zero when the policy allows.
    /// </summary>
    private async Task<UnitOutcome> ComputeWithoutCheckpointsAsync(CoordinatorClient client, ReplicaSession session, CancellationToken leaseToken)
    {
        var tamper = Tampering.For(_options.Misbehave);
        while (true)
        {
            await gate.WaitUntilAllowedAsync(session, 0, leaseToken);
            var decision = policy.Current;
            var limits = new ExecutionLimits { Threads = decision.Threads, MaxMemoryBytes = decision.MemoryBytes };
            using var suspend = CancellationTokenSource.CreateLinkedTokenSource(leaseToken);
            var watcher = gate.WatchAsync(session, 0, suspend);
            try
            {
                return await execution.RunAsync(client, session.Assignment.Task, limits, session, tamper, suspend.Token);
            }
            catch (OperationCanceledException) when (!leaseToken.IsCancellationRequested)
            {
                LogSuspended(session.ReplicaId, session.PausedReason);
            }
            finally
            {
                await suspend.CancelAsync();
                await watcher;
            }
        }
    }

    private SimulationCheckpointing? Checkpointing(ReplicaSession session, UnitTaskSpec spec, byte[] assignmentBytes, StoredCheckpoint? resumeFrom)
    {
        if (_options.CheckpointSeconds <= 0 && resumeFrom is null)
        {
            return null;
        }
        var task = session.Assignment.Task;
        var writer = new ReplicaCheckpointer(
            checkpoints,
            new CheckpointHeader
            {
                Coordinator = _options.Coordinator,
                ReplicaId = session.ReplicaId,
                UnitId = task.UnitId,
                ProjectId = task.ProjectId,
                LeaseExpiryUtc = session.Assignment.LeaseDeadline?.ToDateTime() ?? default,
                CircuitSha256 = task.Circuit?.Sha256 ?? "",
                DaemonVersion = HostCapabilitiesProbe.DaemonVersion,
            },
            assignmentBytes,
            keepOnCancellation: () => !session.Aborted,
            status,
            logger);
        return new SimulationCheckpointing
        {
            Interval = TimeSpan.FromSeconds(Math.Max(0, _options.CheckpointSeconds)),
            Save = _options.CheckpointSeconds > 0 ? writer.Save : null,
            ResumeFrom = resumeFrom is null ? null : new SimulationResume
            {
                FusedOperationsDone = resumeFrom.Header.FusedOperationsDone,
                FusedOperationsTotal = resumeFrom.Header.FusedOperationsTotal,
                // Verified (SHA-256) while it is read, before the first operation runs on it.
                Load = state => LoadCheckpoint(resumeFrom, state, spec),
            },
        };
    }

    private static void LoadCheckpoint(StoredCheckpoint checkpoint, StateVector state, UnitTaskSpec spec)
    {
        var header = checkpoint.Header;
        if (header.Qubits != state.TotalQubits || header.Precision != (spec.SinglePrecision ? "single" : "double"))
        {
            throw new InvalidDataException($"the checkpoint is of {header.Qubits} qubits in {header.Precision} precision, the unit is not");
        }
        CheckpointFile.LoadState(checkpoint.Path, state);
    }

    private StoredCheckpoint? TryReadCheckpoint(string replicaId)
    {
        try
        {
            return checkpoints.Exists(replicaId) ? CheckpointFile.ReadHeader(checkpoints.PathFor(replicaId)) : null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            LogCheckpointUnusable(replicaId, e.Message);
            checkpoints.Delete(replicaId);
            return null;
        }
    }

    /// <summary>Bytes of the unit's state (0 if the circuit does not parse: the simulation will say why).</summary>
    private static long StateBytes(UnitTaskSpec spec)
    {
        try
        {
            var circuit = QasmParser.Parse(spec.Source, new QasmParseOptions
            {
                FileName = spec.FileName,
                Parameters = spec.Parameters,
                FileReader = path => throw new InvalidOperationException($"include \"{Path.GetFileName(path)}\" is not available to volunteers"),
            });
            return StateVector.BytesNeeded(circuit.QubitCount, spec.SinglePrecision ? Simulation.Precision.Single : Simulation.Precision.Double);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return 0;
        }
    }

    private static UnitTaskSpec MapTask(UnitTask task, string source, string? noise) => new()
    {
        Source = source,
        FileName = task.CircuitFileName,
        NoiseText = noise,
        NoiseFileName = string.IsNullOrEmpty(task.NoiseFileName) ? "noise.json" : task.NoiseFileName,
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
            Trajectories = task.Whole?.Trajectories ?? 0,
            FirstTrajectory = task.Whole?.FirstTrajectory ?? 0,
            TrajectoryCount = task.Whole?.TrajectoryCount ?? 0,
            RunShots = task.Whole?.RunShots ?? 0,
        },
    };

    private static Dictionary<string, double> ToDictionary(MapField<string, double> map) => map.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Leased replica {ReplicaId} of unit {UnitId}")]
    private partial void LogLeased(string replicaId, string unitId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming replica {ReplicaId} from its checkpoint at {Done} of {Total} fused operations")]
    private partial void LogResuming(string replicaId, int done, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Suspended replica {ReplicaId}: {Reason}")]
    private partial void LogSuspended(string replicaId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint of replica {ReplicaId} unusable, starting it from zero: {Detail}")]
    private partial void LogCheckpointUnusable(string replicaId, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping with replica {ReplicaId} checkpointed: its lease is kept for a restart to resume it")]
    private partial void LogKeptForRestart(string replicaId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {ReplicaId}: its inputs cannot be downloaded, no coordinator answers ({Detail}); trying again in {Seconds} s")]
    private partial void LogInputsUnreachable(string replicaId, string detail, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {ReplicaId} abandoned")]
    private partial void LogAborted(string replicaId);
}
