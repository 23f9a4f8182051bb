using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Coordinator.Projects;
using VolunteerQuantum.Coordinator.Scheduling;
using VolunteerQuantum.Coordinator.Monitoring;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Grid.Verification;

namespace VolunteerQuantum.Coordinator.Verification;

/// <summary>
/// Applies the verifier's decision about a unit to the store: replica verdicts, host records and
/// quotas, credit, spot checks, unit state, the project's progress, and the project's end. A host caught
/// with an invalid result has every result it helped accept in undelivered projects re-verified.
/// Called inside a store transaction whenever a result of the unit has been stored; a project
/// whose units are all verified is handed to the pipeline (ProjectFinisher.Complete).
/// </summary>
public sealed partial class UnitJudge(
    GridStore store,
    ProjectFinisher finisher,
    GridMetrics metrics,
    Credit.CreditLedger credit,
    IOptions<CoordinatorOptions> options,
    TimeProvider clock,
    ILogger<UnitJudge> logger)
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
        var replicas = store.Replicas.OfUnit(unit.Id).ToList();
        if (unit.State == UnitState.Verified)
        {
            JudgeLate(project, unit, replicas, comparer);
            return;
        }
        if (unit.State != UnitState.Active)
        {
            return;
        }
        var returned = replicas
            .Where(r => r.State == ReplicaState.Returned && r.Result is not null && !r.SpotCheck)
            .OrderBy(r => r.ReturnedUtc)
            .Select(r => new ReplicaResult(r.Id, r.HostId, RecordMapping.ToResult(r.Result!)))
            .ToList();
        var quorum = unit.SingleReplica ? 1 : project.MinQuorum;
        var decision = new QuorumVerifier(comparer).Decide(returned, quorum, project.MaxReplicas, unit.WantsState);
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
                foreach (var r in replicas.Where(r => r.State == ReplicaState.Returned && !r.SpotCheck))
                {
                    MarkInvalid(project, r, decision.Reason);
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
                CreditValid(replica);
                credit.Grant(replica, unit, Now);
                store.SaveReplica(replica);
            }
            else if (replica.State == ReplicaState.InProgress && !replica.SpotCheck)
            {
                // No longer needed: its next heartbeat is told to abort.
                replica.State = ReplicaState.Aborted;
                replica.Message = "unit verified before this replica returned";
                store.SaveReplica(replica);
            }
        }
        unit.State = UnitState.Verified;
        unit.CanonicalReplicaId = decision.CanonicalReplicaId;
        unit.InProgress = 0;
        if (unit.SpotCheck is SpotCheckState.None && ChooseSpotCheck(project, unit, replicas, valid))
        {
            unit.SpotCheck = SpotCheckState.Pending;
        }
        UnitBookkeeping.Recount(unit);
        store.SaveUnit(unit);
        store.Increment(invalid.Count == 0 && !unit.Disputed ? OutcomeCounters.Agreements : OutcomeCounters.Disagreements);
        metrics.UnitsVerified.Mark();
        project.UnitsVerified++;
        store.Projects.Update(project);
        // Losers of the vote last: re-verifying what they helped accept may reopen units of this project.
        foreach (var replica in replicas.Where(r => invalid.Contains(r.Id)))
        {
            MarkInvalid(project, replica, decision.Reason);
        }
        CompleteIfDone(project);
    }

    /// <summary>
    /// Spot checks are chosen after the unit's replicas were assigned, so no volunteer knows which
    /// units will be checked; only while a trusted verifier is online to run them, never for a unit a
    /// trusted verifier already computed. A unit is checked for sure when its replicas disagreed (a
    /// majority of accomplices can outvote an honest host), when it was reopened because a cheater
    /// was caught, or when a host that agreed on it is suspect (caught since its last long run of
    /// valid results): a cheater caught once must not go on cheating with an accomplice.
    /// </summary>
    private bool ChooseSpotCheck(ProjectRecord project, UnitRecord unit, List<ReplicaRecord> replicas, HashSet<string> valid)
    {
        var threshold = options.Value.AdaptiveReplicationThreshold;
        var suspect = replicas.Any(r => valid.Contains(r.Id) && store.Hosts.FindById(r.HostId) is { Invalid: > 0 } h && h.ConsecutiveValid < threshold);
        var fraction = unit.ForceSpotCheck || unit.Disputed || suspect ? 1
            : unit.SingleReplica ? Math.Max(project.AdaptiveSpotCheckFraction, options.Value.SpotCheckFraction)
            : options.Value.SpotCheckFraction;
        if (fraction <= 0 || (fraction < 1 && RandomNumberGenerator.GetInt32(1 << 30) >= fraction * (1 << 30)))
        {
            return false;
        }
        var onlineSince = clock.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(options.Value.OnlineWindowSeconds);
        var verifiers = SpotCheckEligibility.OnlineVerifiers(store, onlineSince);
        // A trusted host's own result in the quorum already checks the unit (an aborted check does not).
        var checkedBy = replicas.Where(r => r.State is ReplicaState.Valid or ReplicaState.Returned or ReplicaState.InProgress).Select(r => r.HostId).ToHashSet();
        return !verifiers.Any(v => checkedBy.Contains(v.Id)) && verifiers.Any(v => SpotCheckEligibility.MayCheck(v, unit));
    }

    /// <summary>
    /// Delivers the project (or its stage) once every unit is verified and every spot check has
    /// answered; a paths project may settle for a fraction of its paths.
    /// </summary>
    public void CompleteIfDone(ProjectRecord project)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (project.State != ProjectState.Running || project.AdvancePending || project.AssimilatePending)
        {
            return;
        }
        if (project.UnitsVerified != project.UnitsTotal && !EnoughPaths(project))
        {
            return;
        }
        var checking = store.Units.OfProject(project.Id)
            .Count(u => u.SpotCheck == SpotCheckState.Pending || u.SpotCheck == SpotCheckState.Running);
        if (checking == 0)
        {
            finisher.Complete(project);
        }
    }

    /// <summary>A paths project may settle for a fraction of its paths once that many are verified.</summary>
    private bool EnoughPaths(ProjectRecord project)
    {
        if (project.Strategy != Grid.Projects.SlicingStrategy.Paths || project.AcceptPathFraction is <= 0 or >= 1)
        {
            return false;
        }
        var verified = store.Units.VerifiedOf(project.Id).Sum(u => (double)u.PathCount);
        return verified >= project.AcceptPathFraction * project.PathCount;
    }

    /// <summary>Results that arrive for a verified unit: a trusted verifier's spot check, or a late replica.</summary>
    private void JudgeLate(ProjectRecord project, UnitRecord unit, List<ReplicaRecord> replicas, ResultComparer comparer)
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
            var agrees = verifier.AgreesWithCanonical(canonicalResult, lateResult);
            if (late.SpotCheck && !SpotCheckEligibility.IsTrusted(store, late.HostId))
            {
                // Banned or untrusted while it computed: its word overrides nothing; the check waits for another verifier.
                late.State = ReplicaState.Aborted;
                late.Message = "its host is no longer a trusted verifier";
                store.SaveReplica(late);
                UnitBookkeeping.ReplicaLost(unit, late, countsAsLoss: false);
                store.SaveUnit(unit);
            }
            else if (late.SpotCheck)
            {
                SpotChecked(project, unit, replicas, late, agrees ? null : comparer.Difference(canonicalResult.Result, lateResult.Result));
            }
            else if (agrees)
            {
                late.State = ReplicaState.Valid;
                CreditValid(late);
                credit.Grant(late, unit, Now);
                store.SaveReplica(late);
            }
            else
            {
                MarkInvalid(project, late, comparer.Difference(canonicalResult.Result, lateResult.Result));
            }
        }
    }

    /// <summary>
    /// A trusted verifier recomputed a verified unit. Agreement confirms it; a difference means the
    /// replicas that agreed on the canonical result were wrong together: the trusted result becomes
    /// canonical and every one of their hosts is recorded invalid.
    /// </summary>
    private void SpotChecked(ProjectRecord project, UnitRecord unit, List<ReplicaRecord> replicas, ReplicaRecord check, string? difference)
    {
        check.State = ReplicaState.Valid;
        check.Message = difference is null ? "spot check: agreed" : "spot check: canonical (the accepted result was wrong)";
        // The check is a valid result of the unit like any other: it earns the unit's credit.
        credit.Grant(check, unit, Now);
        store.SaveReplica(check);
        if (difference is null)
        {
            unit.SpotCheck = SpotCheckState.Passed;
            store.SaveUnit(unit);
            CompleteIfDone(project);
            return;
        }
        LogSpotCheckFailed(unit.Id, check.HostId, difference);
        unit.SpotCheck = SpotCheckState.Failed;
        unit.CanonicalReplicaId = check.Id;
        unit.Disputed = true;
        store.SaveUnit(unit);
        store.Increment(OutcomeCounters.SpotChecksFailed);
        foreach (var accepted in replicas.Where(r => r.State == ReplicaState.Valid && r.Id != check.Id).ToList())
        {
            MarkInvalid(project, accepted, $"a trusted verifier's spot check contradicts it: {difference}");
        }
        CompleteIfDone(project);
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
        UnitBookkeeping.ReplicaLost(unit, replica, countsAsLoss: !replica.SpotCheck);
        store.SaveUnit(unit);
        if (!replica.SpotCheck && unit.State == UnitState.Active && unit.Lost >= options.Value.MaxLostReplicas && project.State == ProjectState.Running)
        {
            FailUnit(project, unit, $"unit {unit.Index} lost {unit.Lost} replicas to errors, timeouts and rejected results (last: {replica.Message})");
        }
    }

    /// <summary>
    /// Marks a replica invalid and charges its host: its daily quota halves, and every result it
    /// helped to accept in projects not yet delivered is verified again. Call inside a transaction.
    /// </summary>
    public void MarkInvalid(ProjectRecord project, ReplicaRecord replica, string? reason)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(replica);
        replica.State = ReplicaState.Invalid;
        replica.Message = reason ?? "disagreed with the canonical result";
        credit.Revoke(replica, Now);
        store.SaveReplica(replica);
        store.Increment(OutcomeCounters.Rejected);
        var quota = 0;
        UpdateHost(replica.HostId, h =>
        {
            h.Invalid++;
            h.ConsecutiveValid = 0;
            h.DailyQuota = Math.Max(1, (h.DailyQuota > 0 ? h.DailyQuota : options.Value.DailyResultQuota) / 2);
            quota = h.DailyQuota;
        });
        LogInvalid(replica.HostId, replica.Owner, replica.UnitId, quota, replica.Message);
        Reverify(project, replica.HostId);
    }

    /// <summary>
    /// Reopens every unit of a running project that this host's valid result helped verify: its
    /// result no longer counts, the others are judged again with at least one fresh replica. A
    /// sharded project's earlier stages are already consumed; only its current stage reopens. Units
    /// a trusted verifier decided stay decided.
    /// </summary>
    private void Reverify(ProjectRecord current, string hostId)
    {
        var accepted = store.Replicas.OfHost(hostId).Where(r => r.State == ReplicaState.Valid && !r.SpotCheck).ToList();
        foreach (var replica in accepted)
        {
            var project = replica.ProjectId == current.Id ? current : store.Projects.FindById(replica.ProjectId);
            var unit = store.Units.FindById(replica.UnitId);
            // A unit a trusted verifier decided (its check passed or failed) is right whatever this host did.
            if (project is not { State: ProjectState.Running, AdvancePending: false, AssimilatePending: false } || unit is not { State: UnitState.Verified }
                || unit.SpotCheck is SpotCheckState.Failed or SpotCheckState.Passed
                || (project.Strategy == Grid.Projects.SlicingStrategy.Shards && unit.Stage != project.CurrentStage))
            {
                continue;
            }
            foreach (var check in store.Replicas.OfUnit(unit.Id).Where(r => r.SpotCheck && r.State == ReplicaState.InProgress).ToList())
            {
                check.State = ReplicaState.Aborted;
                check.Message = "the unit is being verified again; it will be checked afresh";
                store.SaveReplica(check);
                UnitBookkeeping.ReplicaLost(unit, check, countsAsLoss: false);
            }
            replica.State = ReplicaState.Invalid;
            replica.Message = "re-verified: its host was caught returning a wrong result elsewhere";
            credit.Revoke(replica, Now);
            store.SaveReplica(replica);
            var others = store.Replicas.OfUnit(unit.Id).Where(r => r.State == ReplicaState.Valid && !r.SpotCheck).ToList();
            foreach (var other in others)
            {
                other.State = ReplicaState.Returned;
                other.Message = "re-verifying";
                store.SaveReplica(other);
            }
            unit.State = UnitState.Active;
            unit.CanonicalReplicaId = null;
            unit.Disputed = true;
            unit.SingleReplica = false;
            unit.ForceSpotCheck = true;
            unit.Returned = others.Count;
            unit.InProgress = 0;
            unit.Wanted = Math.Min(project.MaxReplicas, Math.Max(project.MinQuorum, others.Count + 1));
            unit.NeedsUpload = unit.WantsState && !others.Any(o => o.UploadState);
            unit.UploaderAssigned = false;
            if (unit.SpotCheck is SpotCheckState.Pending or SpotCheckState.Running)
            {
                unit.SpotCheck = SpotCheckState.None;
            }
            UnitBookkeeping.Recount(unit);
            store.SaveUnit(unit);
            project.UnitsVerified--;
            store.Projects.Update(project);
            LogReverify(unit.Id, hostId);
        }
    }

    /// <summary>Credits a host once per valid result: a result judged again after a re-verification counts once.</summary>
    private void CreditValid(ReplicaRecord replica)
    {
        if (replica.Credited)
        {
            return;
        }
        replica.Credited = true;
        CreditValid(replica.HostId);
    }

    private void CreditValid(string hostId) => UpdateHost(hostId, h =>
    {
        h.Valid++;
        h.ConsecutiveValid++;
        // Each valid result doubles a quota cut by invalid ones, back up to the configured one.
        var full = options.Value.DailyResultQuota;
        h.DailyQuota = h.DailyQuota <= 0 ? full : Math.Min(full, h.DailyQuota * 2);
    });

    private void UpdateHost(string hostId, Action<HostRecord> change)
    {
        if (store.Hosts.FindById(hostId) is { } host)
        {
            change(host);
            host.LastSeenUtc = Max(host.LastSeenUtc, clock.GetUtcNow().UtcDateTime);
            store.Hosts.Update(host);
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    [LoggerMessage(EventId = 100, EventName = "InvalidResult", Level = LogLevel.Warning,
        Message = "Invalid result: host {HostId} of account {Account} on unit {UnitId}, quota now {Quota}/day: {Reason}")]
    private partial void LogInvalid(string hostId, string account, string unitId, int quota, string reason);

    [LoggerMessage(EventId = 101, EventName = "SpotCheckFailed", Level = LogLevel.Warning,
        Message = "Spot check failed: unit {UnitId} recomputed by trusted host {HostId} differs from the accepted result: {Difference}")]
    private partial void LogSpotCheckFailed(string unitId, string hostId, string difference);

    [LoggerMessage(EventId = 102, EventName = "Reverify", Level = LogLevel.Information,
        Message = "Re-verifying unit {UnitId}: host {HostId}, which helped accept it, was caught with an invalid result")]
    private partial void LogReverify(string unitId, string hostId);
}
