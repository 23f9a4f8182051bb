namespace VolunteerQuantum.Grid.Results;

/// <summary>How a grid result was verified: a project result carries it, a local simulation does not.</summary>
public sealed record VerificationReport
{
    public int Units { get; init; }

    public int MinQuorum { get; init; }

    /// <summary>Units whose first replicas agreed.</summary>
    public int UnitsAgreed { get; init; }

    /// <summary>Units that needed extra replicas because some disagreed.</summary>
    public int UnitsDisputed { get; init; }

    public int ReplicasValid { get; init; }

    public int ReplicasInvalid { get; init; }

    public int ReplicasErrored { get; init; }

    public int ReplicasTimedOut { get; init; }

    public int HostsContributing { get; init; }

    /// <summary>Distinct hosts that vouched for each unit, in unit order.</summary>
    public IReadOnlyList<int> HostsPerUnit { get; init; } = [];
}
