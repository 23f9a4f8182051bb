namespace VolunteerQuantum.Grid.Units;

/// <summary>A <see cref="UnitKind.Paths"/> unit: a range of Schrödinger–Feynman paths for the requested amplitudes.</summary>
public sealed record PathsUnitSpec
{
    public required ulong FirstPath { get; init; }

    public required ulong PathCount { get; init; }

    public IReadOnlyList<string> Amplitudes { get; init; } = [];
}
