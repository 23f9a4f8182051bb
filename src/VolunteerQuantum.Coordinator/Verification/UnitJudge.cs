using Microsoft.Extensions.Options;
using VolunteerQuantum.Coordinator.Projects;
using VolunteerQuantum.Coordinator.Scheduling;
using VolunteerQuantum.Coordinator.Monitoring;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Grid.Verification;

namespace VolunteerQuantum.Coordinator.Verification;

/// <summary>
/// Applies the verifier's decision about a unit to the store: replica verdicts, host records,
/// unit state, the project's progress, and the project's end. Called inside a store transaction
/// whenever a result of the unit has been stored.
/// </summary>
public sealed class UnitJudge(GridStore store, ProjectFinisher finisher, GridMetrics metrics, IOptions<CoordinatorOptions> options, TimeProvider clock)
{
    public static ResultComparer ComparerFor(ProjectRecord project, UnitRecord unit)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(unit);
        return new ResultComparer(FloatTolerance.ForGates(unit.GateCount, project.SinglePrecision), project.ObservableWeights);
    }

    public void Judge(ProjectRecord project, UnitRecord unit)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(unit);
        var comparer = ComparerFor(project, unit);
        var replicas = store.Replicas.Find(r => r.UnitId == unit.Id).ToList();
        if (unit.State == UnitState.Verified)
        {
            JudgeLate(unit, replicas, comparer);
            return;
        }
        if (unit.State != UnitState.Active)
        {
            return;
        }
        var returned = replicas
            .Where(r => r.State == ReplicaState.Returned && r.Result is not null)
            .OrderBy(r => r.ReturnedUtc)
            .Select(r => new ReplicaResult(r.Id, r.HostId, RecordMapping.ToResult(r.Result!)))
            .ToList();
        var decision = new QuorumVerifier(comparer).Decide(returned, project.MinQuorum, project.MaxReplicas, unit.WantsState);
        switch (decision.Outcome)
        {
            case VerificationOutcome.Verified:
                Verified(project, unit, replicas, decision);
                break;
            case VerificationOutcome.NeedMoreReplicas:
                store.Increment(OutcomeCounters.Disagreements);
                unit.Disputed = true;
                unit.Wanted = Math.Min(project.MaxReplicas, decision.ReplicasWanted);
                // In a dispute the uploader may be the one in the wrong: the next replica uploads
                // too, so the majority that emerges has a state to offer.
                unit.NeedsUpload |= decision.NeedsStateUpload || unit.WantsState;
                UnitBookkeeping.Recount(unit);
                store.SaveUnit(unit);
                break;
            case VerificationOutcome.Failed:
                store.Increment(OutcomeCounters.Disagreements);
                foreach (var r in replicas.Where(r => r.State == ReplicaState.Returned))
                {
                    MarkInvalid(r, decision.Reason);
                }
                FailUnit(project, unit, $"unit {unit.Index}: {decision.Reason}");
                break;
            default:
                break;
        }
    }

    /// <summary>A unit lost too many replicas, or its results never agreed: it fails, and so does its project.</summary>
    public void FailUnit(ProjectRecord project, UnitRecord unit, string reason)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(unit);
        unit.State = UnitState.Failed;
        unit.FailureReason = reason;
        UnitBookkeeping.Recount(unit);
        store.SaveUnit(unit);
        project.UnitsFailed++;
        finisher.End(project, ProjectState.Failed, reason);
    }

    private void Verified(ProjectRecord project, UnitRecord unit, List<ReplicaRecord> replicas, VerificationDecision decision)
    {
        var valid = decision.ValidReplicaIds.ToHashSet();
        var invalid = decision.InvalidReplicaIds.ToHashSet();
        foreach (var replica in replicas)
        {
            if (valid.Contains(replica.Id))
            {
                replica.State = ReplicaState.Valid;
                replica.Message = replica.Id == decision.CanonicalReplicaId ? "canonical" : null;
                store.Replicas.Update(replica);
                UpdateHost(replica.HostId, h =>
                {
                    h.Valid++;
                    h.ConsecutiveValid++;
                });
            }
            else if (invalid.Contains(replica.Id))
            {
                MarkInvalid(replica, decision.Reason);
            }
            else if (replica.State == ReplicaState.InProgress)
            {
                // No longer needed: its next heartbeat is told to abort.
                replica.State = ReplicaState.Aborted;
                replica.Message = "unit verified before this replica returned";
                store.Replicas.Update(replica);
            }
        }
        unit.State = UnitState.Verified;
        unit.CanonicalReplicaId = decision.CanonicalReplicaId;
        unit.InProgress = 0;
        UnitBookkeeping.Recount(unit);
        store.SaveUnit(unit);
        store.Increment(invalid.Count == 0 && !unit.Disputed ? OutcomeCounters.Agreements : OutcomeCounters.Disagreements);
        metrics.UnitsVerified.Mark();
        project.UnitsVerified++;
        if (project.UnitsVerified == project.UnitsTotal || EnoughPaths(project))
        {
            finisher.Complete(project);
        }
        else
        {
            store.Projects.Update(project);
        }
    }

    /// <summary>A paths project may settle for a fraction of its paths once that many are verified.</summary>
    private bool EnoughPaths(ProjectRecord project)
    {
        if (project.Strategy != "paths" || project.AcceptPathFraction is <= 0 or >= 1)
        {
            return false;
        }
        var verified = store.Units.Find(u => u.ProjectId == project.Id && u.State == UnitState.Verified).Sum(u => (double)u.PathCount);
        return verified >= project.AcceptPathFraction * project.PathCount;
    }

    private void JudgeLate(UnitRecord unit, List<ReplicaRecord> replicas, ResultComparer comparer)
    {
        var canonical = replicas.FirstOrDefault(r => r.Id == unit.CanonicalReplicaId);
        if (canonical?.Result is null)
        {
            return;
        }
        var verifier = new QuorumVerifier(comparer);
        var canonicalResult = new ReplicaResult(canonical.Id, canonical.HostId, RecordMapping.ToResult(canonical.Result));
        foreach (var late in replicas.Where(r => r.State == ReplicaState.Returned && r.Result is not null))
        {
            var lateResult = new ReplicaResult(late.Id, late.HostId, RecordMapping.ToResult(late.Result!));
            if (verifier.AgreesWithCanonical(canonicalResult, lateResult))
            {
                late.State = ReplicaState.Valid;
                store.Replicas.Update(late);
                UpdateHost(late.HostId, h =>
                {
                    h.Valid++;
                    h.ConsecutiveValid++;
                });
            }
            else
            {
                MarkInvalid(late, comparer.Difference(canonicalResult.Result, lateResult.Result));
            }
        }
    }

    /// <summary>
    /// A replica ended without a usable result (error, timeout, rejection): the unit offers the
    /// slot again, and fails once it has lost too many. Call inside a transaction.
    /// </summary>
    public void LoseReplica(ProjectRecord project, UnitRecord unit, ReplicaRecord replica)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(replica);
        UnitBookkeeping.ReplicaLost(unit, replica, countsAsLoss: true);
        store.SaveUnit(unit);
        if (unit.State == UnitState.Active && unit.Lost >= options.Value.MaxLostReplicas && project.State == ProjectState.Running)
        {
            FailUnit(project, unit, $"unit {unit.Index} lost {unit.Lost} replicas to errors, timeouts and rejected results (last: {replica.Message})");
        }
    }

    /// <summary>Marks a replica invalid and charges its host; call inside a transaction.</summary>
    public void MarkInvalid(ReplicaRecord replica, string? reason)
    {
        ArgumentNullException.ThrowIfNull(replica);
        replica.State = ReplicaState.Invalid;
        replica.Message = reason ?? "disagreed with the canonical result";
        store.Replicas.Update(replica);
        store.Increment(OutcomeCounters.Rejected);
        UpdateHost(replica.HostId, h =>
        {
            h.Invalid++;
            h.ConsecutiveValid = 0;
        });
    }

    private void UpdateHost(string hostId, Action<HostRecord> change)
    {
        if (store.Hosts.FindById(hostId) is { } host)
        {
            change(host);
            host.LastSeenUtc = Max(host.LastSeenUtc, clock.GetUtcNow().UtcDateTime);
            store.Hosts.Update(host);
        }
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
