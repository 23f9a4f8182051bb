using System.Diagnostics;
using System.Globalization;
using VolunteerQuantum.Simulation;
using VolunteerQuantum.Simulation.Fusion;
using VolunteerQuantum.Simulation.Kernels;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Benchmarks;

/// <summary>
/// `-- kernels [n] [--threads N]`: a quick Stopwatch table (no BenchmarkDotNet) of one pass of each kernel
/// family, float and double, as milliseconds and as multiples of an in-place streaming pass.
/// </summary>
internal static class KernelTimingRunner
{
    public static int Run(string[] args)
    {
        var n = 24;
        var threads = 1;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--threads")
            {
                threads = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else
            {
                n = int.Parse(args[i], CultureInfo.InvariantCulture);
            }
        }
        var rng = new Random(7);
        var gates = new (string Name, FusedGate Gate)[]
        {
            ("diag1 q1", new FusedGate(FusedGateKind.Diagonal, [1], [1, Complex.ImaginaryOne])),
            ("dense1 q1", Dense([1], rng)),
            ("dense1 q17", Dense([17], rng)),
            ("dense2 q3,13", Dense([3, 13], rng)),
            ("dense2 q1,2", Dense([1, 2], rng)),
            ("dense2 q3,4", Dense([3, 4], rng)),
            ("dense2 q5,13", Dense([5, 13], rng)),
            ("dense2 q9,10", Dense([9, 10], rng)),
            ("dense2 q14,19", Dense([14, 19], rng)),
            ("dense2 q16,17", Dense([16, 17], rng)),
            ("dense2 q22,23", Dense([22, 23], rng)),
            ("dense3 q1,9,15", Dense([1, 9, 15], rng)),
            ("dense3 q10,14,19", Dense([10, 14, 19], rng)),
            ("dense4 q2,7,11,19", Dense([2, 7, 11, 19], rng)),
            ("dense4 q8,12,16,20", Dense([8, 12, 16, 20], rng)),
            ("dense5 q5,7,11,13,19", Dense([5, 7, 11, 13, 19], rng)),
            ("ctrl c3,15 t5", new FusedGate(FusedGateKind.Controlled, [5], Perf_KernelsMatrices.Unitary(1, rng), [3, 15], [true, false])),
        };
        foreach (var precision in new[] { Precision.Single, Precision.Double })
        {
            using var state = StateVector.Create(n, precision);
            Console.WriteLine($"n={n} {precision} threads={threads} width={KernelSelector.Best}");
            foreach (var (name, gate) in gates.Where(g => g.Gate.Qubits.All(q => q < n)))
            {
                var ms = state switch
                {
                    StateVector<float> f => Time(f, gate, threads),
                    StateVector<double> d => Time(d, gate, threads),
                    _ => 0,
                };
                // Also per 2^24 amplitudes, so an in-cache figure compares with a whole-state pass.
                Console.WriteLine($"  {name,-22} {ms,8:F4} ms  {ms * (1L << 24) / (1L << n),8:F2} ms per 2^24 amplitudes");
            }
        }
        return 0;
    }

    private static double Time<T>(StateVector<T> state, FusedGate gate, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var plan = GateBackends.Create<T>().Prepare(gate, state.LocalQubits);
        plan.Apply(state, threads);
        // A state in cache takes microseconds a pass: time enough passes for the clock, per pass.
        var passes = Math.Max(1, (int)((1L << 22) >> state.LocalQubits));
        var best = double.MaxValue;
        for (var r = 0; r < 5; r++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < passes; i++)
            {
                plan.Apply(state, threads);
            }
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds / passes);
        }
        return best;
    }

    private static FusedGate Dense(int[] targets, Random rng) => new(FusedGateKind.Dense, targets, Perf_KernelsMatrices.Unitary(targets.Length, rng));
}
