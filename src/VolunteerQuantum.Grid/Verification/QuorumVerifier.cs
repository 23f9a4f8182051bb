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
        // A verdict on a state needs a state to deliver: only an uploaded result can be canonical,
        // and only an upload can be compared with every replica (each was sketched with its own
        // secret seeds, all of which the coordinator applied to the upload).
        var candidates = wantsState ? returned.Where(r => r.Result.StateBlob is not null).ToList() : returned;
        foreach (var candidate in candidates)
        {
            var agreeing = returned.Where(r => r == candidate || comparer.Agree(candidate.Result, r.Result)).ToList();
            if (agreeing.Count * 2 <= returned.Count)
            {
                continue;
            }
            var invalid = returned.Except(agreeing).Select(r => r.ReplicaId).ToArray();
            return new VerificationDecision
            {
                Outcome = VerificationOutcome.Verified,
                CanonicalReplicaId = candidate.ReplicaId,
                ValidReplicaIds = agreeing.Select(r => r.ReplicaId).ToArray(),
                InvalidReplicaIds = invalid,
                Reason = invalid.Length == 0 ? null : comparer.Difference(candidate.Result, returned.First(r => invalid.Contains(r.ReplicaId)).Result),
            };
        }
        if (wantsState && candidates.Count == 0)
        {
            // Every result so far returned sketches only (the uploader was lost): one more, uploading.
            return returned.Count >= maxReplicas
                ? Fail(returned, $"{returned.Count} results returned but none uploaded the state")
                : new VerificationDecision
                {
                    Outcome = VerificationOutcome.NeedMoreReplicas,
                    ReplicasWanted = returned.Count + 1,
                    NeedsStateUpload = true,
                };
        }
        var anchor = candidates.Count > 0 ? candidates[0] : returned[0];
        var other = returned.FirstOrDefault(r => r != anchor);
        var reason = other is null ? null : comparer.Difference(anchor.Result, other.Result);
        return returned.Count >= maxReplicas
            ? Fail(returned, $"no strict majority among {returned.Count} results ({reason})")
            : new VerificationDecision
            {
                Outcome = VerificationOutcome.NeedMoreReplicas,
                ReplicasWanted = returned.Count + 1,
                // The uploader may be the one in the wrong: the next replica uploads too.
                NeedsStateUpload = wantsState,
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
