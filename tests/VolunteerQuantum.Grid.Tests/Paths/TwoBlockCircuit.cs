using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Grid.Tests.Paths;

/// <summary>
/// Two random blocks of <c>h</c> qubits each, [0, h) and [h, 2h), joined by a few CZs in the middle:
/// U = (U_A2 ⊗ U_B2) · Π CZ · (U_A1 ⊗ U_B1). The parts are also available alone (on local qubits)
/// for the independent reference.
/// </summary>
internal static class TwoBlockCircuit
{
    /// <summary>CZ pairs (qubit of block A, offset into block B), with distinct qubits on each side.</summary>
    public static readonly (int A, int B)[] Czs = [(19, 0), (5, 13), (12, 7), (0, 19)];

    public static Circuit Build(int h, int layersBefore, int layersAfter, int seed)
    {
        var parts = Parts(h, layersBefore, layersAfter, seed);
        var b = new CircuitBuilder(2 * h);
        foreach (var g in parts.A1)
        {
            b.Add(g);
        }
        foreach (var g in parts.B1)
        {
            b.Add(Shift(g, h));
        }
        foreach (var (qa, qb) in Czs)
        {
            b.Controlled("cz", StandardGates.Z, [qa % h], h + (qb % h));
        }
        foreach (var g in parts.A2)
        {
            b.Add(g);
        }
        foreach (var g in parts.B2)
        {
            b.Add(Shift(g, h));
        }
        return b.Build();
    }

    /// <summary>The four blocks, each on local qubits 0..h−1.</summary>
    public static (List<GateOperation> A1, List<GateOperation> B1, List<GateOperation> A2, List<GateOperation> B2) Parts(int h, int layersBefore, int layersAfter, int seed)
    {
        var random = new Random(seed);
        return (Layers(h, layersBefore, random), Layers(h, layersBefore, random), Layers(h, layersAfter, random), Layers(h, layersAfter, random));
    }

    private static List<GateOperation> Layers(int h, int layers, Random random)
    {
        var b = new CircuitBuilder(h);
        for (var layer = 0; layer < layers; layer++)
        {
            PathsTestCircuits.RandomLayer(b, 0, h, layer % 2, random);
        }
        return b.Build().Operations.Cast<GateOperation>().ToList();
    }

    private static GateOperation Shift(GateOperation g, int by) =>
        new(g.Name, g.Matrix, g.Targets.Select(q => q + by).ToArray(), g.Controls.Select(q => q + by).ToArray(), g.ControlValues);
}
