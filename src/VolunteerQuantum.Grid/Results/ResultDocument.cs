namespace VolunteerQuantum.Grid.Results;

/// <summary>
/// A simulation's result as users see it, from <c>vq simulate</c> and from a verified grid project
/// alike: one format, written by <see cref="ResultJson"/>.
/// </summary>
public sealed record ResultDocument
{
    public required CircuitSummary Circuit { get; init; }

    /// <summary>"double" or "single".</summary>
    public string Precision { get; init; } = "double";

    public ulong Seed { get; init; }

    public IReadOnlyList<ResultPoint> Points { get; init; } = [];

    /// <summary>True when parameters were swept: JSON then lists "points" instead of top-level outputs.</summary>
    public bool Swept { get; init; }

    /// <summary>Seconds spent per phase ("parse", "simulate", "sample", "total", …).</summary>
    public IReadOnlyDictionary<string, double> Timings { get; init; } = new Dictionary<string, double>();

    public VerificationReport? Verification { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Free-form facts about the run (strategy, fused gates, threads, project id).</summary>
    public IReadOnlyDictionary<string, string> Run { get; init; } = new Dictionary<string, string>();
}
