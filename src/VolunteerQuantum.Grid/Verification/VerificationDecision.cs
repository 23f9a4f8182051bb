namespace VolunteerQuantum.Grid.Verification;

public enum VerificationOutcome
{
    /// <summary>Not enough results yet: wait for the replicas in progress.</summary>
    Wait,

    /// <summary>A canonical result agrees with a strict majority.</summary>
    Verified,

    /// <summary>No majority yet: issue another replica.</summary>
    NeedMoreReplicas,

    /// <summary>Too many replicas without agreement: the unit (and its project) fails.</summary>
    Failed,
}

/// <summary>What the verifier concluded about one unit from the results returned so far.</summary>
public sealed record VerificationDecision
{
    public required VerificationOutcome Outcome { get; init; }

    public string? CanonicalReplicaId { get; init; }

    public IReadOnlyList<string> ValidReplicaIds { get; init; } = [];

    public IReadOnlyList<string> InvalidReplicaIds { get; init; } = [];

    /// <summary>For <see cref="VerificationOutcome.NeedMoreReplicas"/>: results wanted in total.</summary>
    public int ReplicasWanted { get; init; }

    /// <summary>The next replica must upload its state (the agreeing ones only sketched theirs).</summary>
    public bool NeedsStateUpload { get; init; }

    /// <summary>Why the unit failed, or what disagreed, for people.</summary>
    public string? Reason { get; init; }
}
