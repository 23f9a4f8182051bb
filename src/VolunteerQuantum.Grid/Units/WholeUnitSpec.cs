namespace VolunteerQuantum.Grid.Units;

/// <summary>
/// A <see cref="UnitKind.Whole"/> unit: run the circuit with these parameter values, then sample
/// <see cref="Shots"/> shots with <see cref="Seed"/> and evaluate the requested outputs.
/// </summary>
public sealed record WholeUnitSpec
{
    public long Shots { get; init; }

    public ulong Seed { get; init; }

    /// <summary>The project wants the final state: every replica sketches it, one uploads it.</summary>
    public bool WantsState { get; init; }

    public IReadOnlyList<string> Amplitudes { get; init; } = [];

    public IReadOnlyList<string> Observables { get; init; } = [];
}
