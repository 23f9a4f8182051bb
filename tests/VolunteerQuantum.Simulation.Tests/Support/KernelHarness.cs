using VolunteerQuantum.Simulation.Fusion;
using VolunteerQuantum.Simulation.Kernels;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Tests.Support;

/// <summary>Runs one gate through a chosen kernel width and precision, and through the reference kernel.</summary>
internal static class KernelHarness
{
    public static IEnumerable<KernelWidth> Widths => KernelSelector.Accelerated;

    public static Complex[] Run(KernelWidth width, Precision precision, Complex[] input, FusedGate gate, int threads = 1)
    {
        var qubits = System.Numerics.BitOperations.Log2((uint)input.Length);
        using var state = StateVector.Create(qubits, precision);
        state.CopyFrom(0, input);
        Apply(state, width, gate, threads);
        var output = new Complex[input.Length];
        state.CopyTo(0, output);
        return output;
    }

    public static void Apply(StateVector state, KernelWidth width, FusedGate gate, int threads = 1)
    {
        switch (state)
        {
            case StateVector<float> f:
                GateBackends.Create<float>(width).Apply(f, gate, threads);
                break;
            case StateVector<double> d:
                GateBackends.Create<double>(width).Apply(d, gate, threads);
                break;
            default:
                throw new NotSupportedException();
        }
    }

    public static Complex[] Reference(Complex[] input, FusedGate gate)
    {
        var output = (Complex[])input.Clone();
        if (gate.Kind == FusedGateKind.Diagonal)
        {
            ReferenceKernel.ApplyDiagonal(output, gate.Targets, gate.Matrix);
        }
        else
        {
            ReferenceKernel.ApplyDense(output, gate.Targets, gate.Matrix, gate.Controls, gate.ControlValues);
        }
        return output;
    }

    public static double MaxDifference(Complex[] a, Complex[] b)
    {
        var worst = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            worst = Math.Max(worst, (a[i] - b[i]).Magnitude);
        }
        return worst;
    }

    /// <summary>Tolerance per precision, relative to a unit-norm state.</summary>
    public static double Tolerance(Precision precision) => precision == Precision.Double ? 1e-13 : 2e-6;
}
