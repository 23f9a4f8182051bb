using System.Numerics;
using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Tests.Support;

/// <summary>
/// A deliberately plain state-vector simulator for checking the parser's output against the shared
/// reference results: dense amplitudes, exact branching on measurement and reset. Small circuits only.
/// </summary>
internal static class ReferenceSimulator
{
    /// <summary>The final state of a circuit's gates from |0…0⟩ (measurements and barriers skipped).</summary>
    public static Complex[] FinalState(Circuit circuit)
    {
        var state = new Complex[1L << circuit.QubitCount];
        state[0] = 1;
        foreach (var op in circuit.Operations)
        {
            if (op is GateOperation g)
            {
                Apply(state, g);
            }
        }
        return state;
    }

    /// <summary>Exact probability of each Qiskit memory string, branching on every measurement and reset.</summary>
    public static Dictionary<string, double> CountsDistribution(Circuit circuit)
    {
        var initial = new Complex[1L << circuit.QubitCount];
        initial[0] = 1;
        var branches = new List<SimulationBranch> { new(initial, new bool[circuit.ClbitCount], 1.0) };
        branches = Run(circuit.Operations, branches);
        var result = new Dictionary<string, double>();
        foreach (var b in branches)
        {
            var key = ClassicalBits.CountsKey(circuit, b.Clbits);
            result[key] = result.GetValueOrDefault(key) + b.Probability;
        }
        return result;
    }

    private static List<SimulationBranch> Run(IEnumerable<Operation> operations, List<SimulationBranch> branches)
    {
        foreach (var op in operations)
        {
            var next = new List<SimulationBranch>();
            foreach (var b in branches)
            {
                next.AddRange(Step(op, b));
            }
            branches = next;
        }
        return branches;
    }

    private static List<SimulationBranch> Step(Operation op, SimulationBranch b)
    {
        switch (op)
        {
            case GateOperation g:
                Apply(b.State, g);
                return [b];
            case MeasureOperation m:
                return Split(b, m.Qubit, m.Clbit, reset: false);
            case ResetOperation r:
                return Split(b, r.Qubit, -1, reset: true);
            case ConditionalOperation c:
                return Run(((ClassicalCondition)c.Condition).IsSatisfiedBy(b.Clbits) ? c.Then : c.Else, [b]);
            default:
                return [b];
        }
    }

    private static List<SimulationBranch> Split(SimulationBranch b, int qubit, int clbit, bool reset)
    {
        var result = new List<SimulationBranch>();
        for (var outcome = 0; outcome < 2; outcome++)
        {
            var state = new Complex[b.State.Length];
            var p = 0.0;
            for (long i = 0; i < state.Length; i++)
            {
                if (((i >> qubit) & 1) == outcome)
                {
                    p += b.State[i].Magnitude * b.State[i].Magnitude;
                    // A reset moves the |1⟩ branch to |0⟩.
                    state[reset ? i & ~(1L << qubit) : i] = b.State[i];
                }
            }
            if (p < 1e-14)
            {
                continue;
            }
            var norm = 1 / Math.Sqrt(p);
            for (var i = 0; i < state.Length; i++)
            {
                state[i] *= norm;
            }
            var clbits = (bool[])b.Clbits.Clone();
            if (clbit >= 0)
            {
                clbits[clbit] = outcome == 1;
            }
            result.Add(new SimulationBranch(state, clbits, b.Probability * p));
        }
        return result;
    }

    /// <summary>Applies a gate in place: for each index with the targets' bits clear and the controls satisfied, mixes the 2^k amplitudes.</summary>
    public static void Apply(Complex[] state, GateOperation g)
    {
        var k = g.Targets.Count;
        var dim = 1 << k;
        long targetMask = 0;
        foreach (var t in g.Targets)
        {
            targetMask |= 1L << t;
        }
        var offsets = new long[dim];
        for (var m = 0; m < dim; m++)
        {
            for (var j = 0; j < k; j++)
            {
                if (((m >> j) & 1) != 0)
                {
                    offsets[m] |= 1L << g.Targets[j];
                }
            }
        }
        var local = new Complex[dim];
        for (long i = 0; i < state.Length; i++)
        {
            if ((i & targetMask) != 0 || !ControlsHold(i, g))
            {
                continue;
            }
            for (var m = 0; m < dim; m++)
            {
                local[m] = state[i | offsets[m]];
            }
            for (var r = 0; r < dim; r++)
            {
                Complex sum = 0;
                for (var c = 0; c < dim; c++)
                {
                    sum += g.Matrix[r, c] * local[c];
                }
                state[i | offsets[r]] = sum;
            }
        }
    }

    private static bool ControlsHold(long index, GateOperation g)
    {
        for (var c = 0; c < g.Controls.Count; c++)
        {
            if ((((index >> g.Controls[c]) & 1) != 0) != g.ControlValues[c])
            {
                return false;
            }
        }
        return true;
    }
}
