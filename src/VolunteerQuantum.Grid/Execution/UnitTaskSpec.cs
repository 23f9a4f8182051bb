using VolunteerQuantum.Grid.Units;

namespace VolunteerQuantum.Grid.Execution;

/// <summary>Everything a volunteer needs to compute one replica, after it has downloaded the circuit.</summary>
public sealed record UnitTaskSpec
{
    /// <summary>The circuit's OpenQASM source and file name (for messages).</summary>
    public required string Source { get; init; }

    public string FileName { get; init; } = "circuit.qasm";

    public bool SinglePrecision { get; init; }

    /// <summary>The project's noise model as JSON text and its file name (null: an ideal unit).</summary>
    public string? NoiseText { get; init; }

    public string NoiseFileName { get; init; } = "noise.json";

    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();

    /// <summary>Seeds of the random-sign sketches to compute of the final state (empty: none).</summary>
    public IReadOnlyList<ulong> SketchSeeds { get; init; } = [];

    public required WholeUnitSpec Whole { get; init; }

    /// <summary>Keep the final state for upload (only the replica chosen to upload it).</summary>
    public bool UploadState { get; init; }
}
