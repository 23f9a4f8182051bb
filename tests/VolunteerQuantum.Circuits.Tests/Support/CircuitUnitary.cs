using System.Numerics;
using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Tests.Support;

/// <summary>The full unitary of a circuit's gate operations, by dense multiplication (small circuits only).</summary>
internal static class CircuitUnitary
{
    public static Complex[,] Of(Circuit circuit) => Of(circuit.Operations, circuit.QubitCount);

    public static Complex[,] Of(IEnumerable<Operation> operations, int qubits)
    {
        var u = Dense.Identity(1 << qubits);
        foreach (var op in operations)
        {
            switch (op)
            {
                case GateOperation g:
                    u = Dense.Multiply(Full(g, qubits), u);
                    break;
                case BarrierOperation:
                    break;
                default:
                    throw new InvalidOperationException($"not a unitary operation: {op}");
            }
        }
        return u;
    }

    /// <summary>A gate operation as a 2^n × 2^n matrix, its controls written out.</summary>
    public static Complex[,] Full(GateOperation g, int qubits)
    {
        var m = ToDense(g.Matrix);
        // Wrap controls from the innermost (last) outwards; each new control becomes index bit 0.
        var order = new List<int>(g.Targets);
        for (var i = g.Controls.Count - 1; i >= 0; i--)
        {
            m = Dense.Controlled(m, g.ControlValues[i]);
            order.Insert(0, g.Controls[i]);
        }
        return order.Count == 0
            ? Dense.Scale(Dense.Identity(1 << qubits), m[0, 0])
            : Dense.Embed(m, order.ToArray(), qubits);
    }

    public static Complex[,] ToDense(GateMatrix matrix)
    {
        var d = matrix.Dimension;
        var r = new Complex[d, d];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < d; j++)
            {
                r[i, j] = matrix[i, j];
            }
        }
        return r;
    }
}
