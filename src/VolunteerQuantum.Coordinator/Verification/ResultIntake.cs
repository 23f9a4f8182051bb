using System.Numerics;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Coordinator.Blobs;
using VolunteerQuantum.Coordinator.Pipeline;
using VolunteerQuantum.Grid.Sketches;
using VolunteerQuantum.Coordinator.Scheduling;
using VolunteerQuantum.Coordinator.Monitoring;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Grid.Verification;
using VolunteerQuantum.Coordinator.Errors;

namespace VolunteerQuantum.Coordinator.Verification;

/// <summary>
/// Takes one replica's result. Malformed uploads (no header, a replica not leased to the caller,
/// a wrong length or hash) are refused with a GridException and change nothing. A well-formed
/// result is stored; if it breaks an invariant (NaN, wrong norm, counts that don't add up, an
/// upload that doesn't match its own sketches) the replica is marked invalid, else the unit is
/// marked for the validator, which judges its quorum.
/// </summary>
public sealed class ResultIntake(
    GridStore store,
    IBlobStore blobs,
    IOptions<CoordinatorOptions> options,
    WorkScheduler scheduler,
    UnitJudge judge,
    PipelineSignals signals,
    GridMetrics metrics,
    GridEvents events,
    TimeProvider clock)
{
    /// <summary>Validates the header against the lease: the replica must be leased to this host and still in progress.</summary>
    public (ReplicaRecord Replica, UnitRecord Unit, ProjectRecord Project) CheckLease(string hostId, string replicaId)
    {
        lock (store.Gate)
        {
            var replica = scheduler.LeasedTo(hostId, replicaId);
            if (store.Hosts.FindById(hostId) is { Banned: true } banned)
            {
                throw new GridException(Refusal.PermissionDenied, $"this host is banned: {banned.BanReason}; its results are not accepted");
            }
            if (replica.State != ReplicaState.InProgress)
            {
                throw new GridException(Refusal.FailedPrecondition, $"replica '{replicaId}' is {replica.State.ToString().ToLowerInvariant()}, no longer leased: its result is not needed");
            }
            var unit = store.Units.FindById(replica.UnitId) ?? throw new GridException(Refusal.NotFound, "the replica's unit no longer exists");
            var project = store.Projects.FindById(replica.ProjectId) ?? throw new GridException(Refusal.NotFound, "the replica's project no longer exists");
            return (replica, unit, project);
        }
    }

    /// <summary>The number of bytes a state upload for this unit must have.</summary>
    public static long ExpectedStateLength(ProjectRecord project, UnitRecord unit) =>
        (project.SinglePrecision ? 8L : 16L) << (unit.Kind == Grid.Units.UnitKind.Shard ? unit.LocalQubits : project.Qubits);

    /// <summary>Global index of a unit's first amplitude: sketch signs depend on it.</summary>
    public static ulong FirstIndex(UnitRecord unit) =>
        unit.Kind == Grid.Units.UnitKind.Shard ? (ulong)unit.ShardIndex << unit.LocalQubits : 0;

    /// <summary>Records a volunteer's report that it could not compute the replica.</summary>
    public void RecordError(string hostId, string replicaId, string message)
    {
        store.Transaction(() =>
        {
            var (replica, unit, project) = CheckLease(hostId, replicaId);
            replica.State = ReplicaState.Error;
            replica.Message = Truncate(string.IsNullOrWhiteSpace(message) ? "the volunteer reported an error" : message);
            replica.ReturnedUtc = Now;
            store.SaveReplica(replica);
            store.Increment(OutcomeCounters.Errors);
            ChargeHost(hostId, h => h.Errors++);
            judge.LoseReplica(project, unit, replica);
        });
        metrics.Results.Mark();
        events.Changed();
    }

    /// <summary>
    /// Stores a successful result (its state blob, if any, already written) and marks the unit for the validator.
    /// <paramref name="uploaded"/> is what the coordinator itself computed of the uploaded state
    /// while receiving it: its sketches under every seed slot of the unit, and its norm². Returns
    /// false when the result broke an invariant and the replica was marked invalid: its state blob
    /// is then no longer named by the replica, for the caller to delete.
    /// </summary>
    public bool RecordResult(string hostId, string replicaId, UnitResult result, (Complex[] Sketches, double NormSquared)? uploaded)
    {
        ArgumentNullException.ThrowIfNull(result);
        var valid = store.Transaction(() =>
        {
            var (replica, unit, project) = CheckLease(hostId, replicaId);
            var k = options.Value.SketchCount;
            result = result with { SketchSlot = replica.SeedSlot };
            string? uploadProblem = null;
            if (uploaded is { } u)
            {
                uploadProblem = CheckUpload(project, unit, replica, result, u.Sketches, u.NormSquared);
                // From here on the upload is judged by the coordinator's sketches of its bytes, not by
                // what the uploader said of them.
                result = result with { SlotSketches = [.. u.Sketches.Chunk(k).Select(IReadOnlyList<Complex> (slot) => slot)] };
            }
            replica.Result = RecordMapping.ToStored(result);
            replica.ReturnedUtc = Now;
            var tolerance = FloatTolerance.ForGates(unit.GateCount, project.SinglePrecision);
            var violation = uploadProblem
                ?? ResultInvariants.Violation(RecordMapping.ToSpec(unit), result, project.KeyGroupSizes, tolerance);
            if (violation is not null)
            {
                replica.Result.StateBlob = null;
                // A violation may quote what the volunteer sent (a malformed counts key).
                judge.MarkInvalid(project, replica, StoredText.Strip(violation));
                judge.LoseReplica(project, unit, replica);
                return false;
            }
            replica.State = ReplicaState.Returned;
            store.SaveReplica(replica);
            UnitBookkeeping.ReplicaReturned(unit, replica);
            // Compared with the unit's other replicas by the validator, after the upload returns.
            unit.NeedsJudging = true;
            store.SaveUnit(unit);
            return true;
        });
        if (valid)
        {
            signals.Validation.Raise();
        }
        metrics.Results.Mark();
        events.Changed();
        return valid;
    }

    /// <summary>
    /// Sketches the states uploaded for a unit under a seed slot they were not sketched with (a slot
    /// added after they arrived, for a replica issued late), reading them back from the blob store,
    /// so every replica's sketches can be compared with every upload. Runs outside any lock.
    /// </summary>
    public async Task CoverSlotAsync(ProjectRecord project, UnitRecord unit, int slot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(unit);
        var k = options.Value.SketchCount;
        if (slot < 0)
        {
            return;
        }
        List<ReplicaRecord> uploads;
        lock (store.Gate)
        {
            uploads = [.. store.Replicas.OfUnit(unit.Id).Where(r => r.Result?.StateBlob is not null && r.Result.SlotWidth > 0 && r.Result.SlotSketchRe.Count / r.Result.SlotWidth <= slot)];
        }
        foreach (var upload in uploads)
        {
            var blob = upload.Result!.StateBlob!;
            if (!blobs.Exists(blob))
            {
                continue;
            }
            var have = upload.Result.SlotSketchRe.Count / upload.Result.SlotWidth;
            var missing = Enumerable.Range(have, slot - have + 1).SelectMany(s => SeedSlots.Seeds(unit, s, k)).ToArray();
            var sketcher = new StateSketcher(project.SinglePrecision, missing, FirstIndex(unit));
            Stream stream;
            try
            {
                stream = blobs.OpenRead(blob);
            }
            catch (FileNotFoundException)
            {
                continue;   // reaped since: only an upload that no longer counts can be
            }
            await using (stream)
            {
                var buffer = new byte[1 << 20];
                int n;
                while ((n = await stream.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    sketcher.Add(buffer.AsSpan(0, n));
                }
            }
            var (sketches, _) = sketcher.Result();
            store.Transaction(() =>
            {
                if (store.Replicas.FindById(upload.Id) is { Result: { } stored } fresh && stored.SlotSketchRe.Count / stored.SlotWidth == have)
                {
                    stored.SlotSketchRe.AddRange(sketches.Select(c => c.Real));
                    stored.SlotSketchIm.AddRange(sketches.Select(c => c.Imaginary));
                    store.SaveReplica(fresh);
                }
            });
        }
    }

    /// <summary>
    /// Whether the uploaded bytes match the sketches (under the uploader's own slot) and norm² the
    /// volunteer claimed for them: the upload is the state it says it computed.
    /// </summary>
    private string? CheckUpload(ProjectRecord project, UnitRecord unit, ReplicaRecord replica, UnitResult result, Complex[] sketches, double norm)
    {
        var tolerance = FloatTolerance.ForGates(unit.GateCount, project.SinglePrecision);
        var k = options.Value.SketchCount;
        var own = replica.SeedSlot < 0 ? [] : sketches.Skip(replica.SeedSlot * k).Take(k).ToArray();
        // The coordinator sketches the very bytes uploaded, so only summation order differs from the
        // volunteer's own sketch: a few ε, far inside the state tolerance.
        if (result.Sketches.Count != own.Length
            || own.Zip(result.Sketches).Any(p => Complex.Abs(p.First - p.Second) > tolerance))
        {
            return "the uploaded state does not match the sketches sent with it";
        }
        return Math.Abs(norm - result.NormSquared) > tolerance
            ? $"the uploaded state's norm² is {norm:G17}, the volunteer claimed {result.NormSquared:G17}"
            : null;
    }

    private void ChargeHost(string hostId, Action<HostRecord> change)
    {
        if (store.Hosts.FindById(hostId) is { } h)
        {
            change(h);
            h.ConsecutiveValid = 0;
            store.Hosts.Update(h);
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static string Truncate(string s)
    {
        // A volunteer's error message is shown to operators and researchers: printable text only.
        var clean = StoredText.Strip(s);
        return clean.Length <= 2000 ? clean : clean[..2000] + "…";
    }
}
