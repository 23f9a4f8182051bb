namespace VolunteerQuantum.Grid.Verification;

/// <summary>
/// BOINC's validation, adapted to floating point (DESIGN.md): the canonical result is the first
/// that agrees with a strict majority of the returned results; with no majority one more replica
/// is issued; a unit whose returned results reach <c>maxReplicas</c> without a majority fails.
/// </summary>
public sealed class QuorumVerifier(ResultComparer comparer)
{
    /// <param name="returned">Successful results, in the order they arrived.</param>
    /// <param name="minQuorum">Results needed before any decision.</param>
    /// <param name="maxReplicas">The most successful results the unit may collect.</param>
    /// <param name="wantsState">The project needs the canonical replica's uploaded state.</param>
    public VerificationDecision Decide(IReadOnlyList<ReplicaResult> returned, int minQuorum, int maxReplicas, bool wantsState)
    {
        ArgumentNullException.ThrowIfNull(returned);
        if (returned.Count < Math.Max(1, minQuorum))
        {
            return new VerificationDecision { Outcome = VerificationOutcome.Wait };
        }
        foreach (var candidate in returned)
        {
            var agreeing = returned.Where(r => r == candidate || comparer.Agree(candidate.Result, r.Result)).ToList();
            if (agreeing.Count * 2 <= returned.Count)
            {
                continue;
            }
            var invalid = returned.Except(agreeing).Select(r => r.ReplicaId).ToArray();
            var canonical = wantsState ? agreeing.FirstOrDefault(r => r.Result.StateBlob is not null) : candidate;
            if (canonical is null)
            {
                // The majority agrees but none of it uploaded the state (the uploader was outvoted).
                return returned.Count >= maxReplicas
                    ? Fail(returned, $"{returned.Count} results agree on a state but none uploaded it")
                    : new VerificationDecision
                    {
                        Outcome = VerificationOutcome.NeedMoreReplicas,
                        ReplicasWanted = returned.Count + 1,
                        NeedsStateUpload = true,
                        InvalidReplicaIds = invalid,
                    };
            }
            return new VerificationDecision
            {
                Outcome = VerificationOutcome.Verified,
                CanonicalReplicaId = canonical.ReplicaId,
                ValidReplicaIds = agreeing.Select(r => r.ReplicaId).ToArray(),
                InvalidReplicaIds = invalid,
                Reason = invalid.Length == 0 ? null : comparer.Difference(canonical.Result, returned.First(r => invalid.Contains(r.ReplicaId)).Result),
            };
        }
        var reason = returned.Count >= 2 ? comparer.Difference(returned[0].Result, returned[1].Result) : null;
        return returned.Count >= maxReplicas
            ? Fail(returned, $"no strict majority among {returned.Count} results ({reason})")
            : new VerificationDecision
            {
                Outcome = VerificationOutcome.NeedMoreReplicas,
                ReplicasWanted = returned.Count + 1,
                Reason = reason,
            };
    }

    /// <summary>Judges a result that arrives after the unit was verified, for the host's record.</summary>
    public bool AgreesWithCanonical(ReplicaResult canonical, ReplicaResult late)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        ArgumentNullException.ThrowIfNull(late);
        return comparer.Agree(canonical.Result, late.Result);
    }

    private static VerificationDecision Fail(IReadOnlyList<ReplicaResult> returned, string reason) => new()
    {
        Outcome = VerificationOutcome.Failed,
        InvalidReplicaIds = returned.Select(r => r.ReplicaId).ToArray(),
        Reason = reason,
    };
}
