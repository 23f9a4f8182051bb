using System.Diagnostics;
using System.Globalization;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Simulation;
using VolunteerQuantum.Simulation.Fusion;
using VolunteerQuantum.Simulation.Kernels;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Benchmarks;

/// <summary>
/// `-- profile file.qasm [--precision single|double] [--fuse k] [--threads N]`: applies each fused gate
/// separately and sums the time by kind (dense k-qubit with or without targets inside a register,
/// diagonal, controlled), to see where a circuit's time goes. `--density-matrix k` profiles instead the
/// density-matrix program (2k qubits) of the circuit's gates on qubits 0 … k−1 under the noise benchmark's
/// 1% depolarizing.
/// </summary>
internal static class FusionProfileRunner
{
    public static int Run(string[] args)
    {
        var path = args[0];
        var precision = Precision.Single;
        var fuse = 4;
        var localFuse = 3;
        var threads = 1;
        var densityMatrix = 0;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--precision":
                    precision = args[++i] == "double" ? Precision.Double : Precision.Single;
                    break;
                case "--fuse":
                    fuse = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--local-fuse":
                    localFuse = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--threads":
                    threads = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--density-matrix":
                    densityMatrix = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        var circuit = BenchQasmReader.Read(path);
        var gates = circuit.Operations.OfType<GateOperation>().ToList();
        var qubits = circuit.QubitCount;
        if (densityMatrix > 0)
        {
            var small = NoiseBenchmarkRunner.AerStyleDepolarizing().Apply(NoiseBenchmarkRunner.FirstQubits(circuit, densityMatrix)).Circuit;
            gates = [.. Simulation.Noise.DensityMatrixProgram.Build(small).Gates];
            qubits = 2 * densityMatrix;
        }
        var chunkQubits = GateSchedule.ChunkQubits(precision);
        var fused = new GateFuser(new FusionOptions(fuse, FusionOptions.DefaultMaxDiagonalQubits, chunkQubits, localFuse)).Fuse(gates, qubits);
        using var state = StateVector.Create(qubits, precision);
        var buckets = precision == Precision.Single
            ? Profile((StateVector<float>)state, fused, threads)
            : Profile((StateVector<double>)state, fused, threads);
        Console.WriteLine($"{Path.GetFileName(path)} {precision} fuse={fuse} threads={threads}: {fused.Count} fused gates, total {buckets.Where(b => !b.Key.StartsWith('(')).Sum(b => b.Value.Ms):F0} ms");
        foreach (var (kind, (count, ms)) in buckets.OrderByDescending(kv => kv.Value.Ms))
        {
            Console.WriteLine($"  {kind,-28} {count,5} gates {ms,9:F1} ms {ms / count,7:F2} ms/gate");
        }
        return 0;
    }

    private static Dictionary<string, (int Count, double Ms)> Profile<T>(StateVector<T> state, IReadOnlyList<FusedGate> fused, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var backend = GateBackends.Create<T>();
        var laneBits = backend.Width switch
        {
            KernelWidth.Vector512 => typeof(T) == typeof(float) ? 4 : 3,
            KernelWidth.Vector256 => typeof(T) == typeof(float) ? 3 : 2,
            KernelWidth.Vector128 => typeof(T) == typeof(float) ? 2 : 1,
            _ => 0,
        };
        var result = new Dictionary<string, (int, double)>();
        var chunkQubits = GateSchedule.ChunkQubits(typeof(T) == typeof(float) ? Precision.Single : Precision.Double);
        foreach (var step in GateSchedule.Build(fused, state.LocalQubits, chunkQubits))
        {
            if (step.Chunked)
            {
                var bits = Math.Min(chunkQubits, state.LocalQubits);
                var plans = step.Gates.Select(g => backend.Prepare(g, bits)).ToArray();
                var w = Stopwatch.StartNew();
                ChunkedSweep.Apply(state, plans, bits, threads);
                var (cc, tt) = result.GetValueOrDefault("chunked run");
                result["chunked run"] = (cc + step.Gates.Count, tt + w.Elapsed.TotalMilliseconds);
                var (rc, rt) = result.GetValueOrDefault("(chunked sweeps)");
                result["(chunked sweeps)"] = (rc + 1, rt + w.Elapsed.TotalMilliseconds);
                continue;
            }
            var gate = step.Gates[0];
            var plan = backend.Prepare(gate, state.LocalQubits);
            var watch = Stopwatch.StartNew();
            plan.Apply(state, threads);
            var ms = watch.Elapsed.TotalMilliseconds;
            var low = gate.Targets.Count(t => t < laneBits);
            var key = $"{gate.Kind} k={gate.Targets.Count} low={low}";
            var (c, t) = result.GetValueOrDefault(key);
            result[key] = (c + 1, t + ms);
        }
        return result;
    }
}
