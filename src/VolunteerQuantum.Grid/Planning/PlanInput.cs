using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Noise;
using VolunteerQuantum.Grid.Projects;

namespace VolunteerQuantum.Grid.Planning;

/// <summary>A submission after validation: what every strategy's planner starts from.</summary>
public sealed record PlanInput
{
    public required ProjectSpec Spec { get; init; }

    /// <summary>Parameter values of each point, and the circuit parsed with them.</summary>
    public required IReadOnlyList<IReadOnlyDictionary<string, double>> Points { get; init; }

    public required IReadOnlyList<Circuit> Circuits { get; init; }

    public Circuit Circuit => Circuits[0];

    public required CircuitStructure Structure { get; init; }

    /// <summary>Requested amplitudes, validated and without duplicates.</summary>
    public required IReadOnlyList<string> Amplitudes { get; init; }

    public required IReadOnlyDictionary<string, double> ObservableWeights { get; init; }

    /// <summary>Shots per point after defaults.</summary>
    public required long Shots { get; init; }

    /// <summary>The most memory one unit may need: the user's limit, else the largest volunteer's budget.</summary>
    public required long MemoryLimit { get; init; }

    /// <summary>The parsed noise model of a noisy project (null: ideal).</summary>
    public NoiseModel? Noise { get; init; }

    /// <summary>Amplitude updates per second of the median volunteer (see <see cref="PlanningContext.MedianHostSpeed"/>).</summary>
    public double HostSpeed { get; init; }

    /// <summary>The most units the plan may have.</summary>
    public int MaxUnits { get; init; } = PlanningContext.DefaultMaxUnits;

    public int AmplitudeBytes => Spec.SinglePrecision ? 8 : 16;

    public long StateBytes => ProjectPlanner.StateBytes(Circuit.QubitCount, Spec.SinglePrecision);

    public IReadOnlyList<int> KeyGroupSizes => Circuit.ClassicalRegisters.Reverse().Select(r => r.Size).ToArray();

    /// <summary>The circuit's gates (its unitary part, for strategies that need one).</summary>
    public IReadOnlyList<GateOperation> Gates => Circuit.Operations.OfType<GateOperation>().ToArray();

    /// <summary>Only amplitudes are asked for: what the `paths` strategy can compute.</summary>
    public bool OnlyAmplitudes => Amplitudes.Count > 0 && Shots == 0 && !Spec.ReturnState && Spec.Observables.Count == 0;
}
