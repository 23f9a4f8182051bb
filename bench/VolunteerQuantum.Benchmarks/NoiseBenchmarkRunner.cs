using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Noise;
using VolunteerQuantum.Simulation;
using VolunteerQuantum.Simulation.Execution;

namespace VolunteerQuantum.Benchmarks;

/// <summary>
/// `noise [--precision single|double] [--threads N[,M…]] [--repeat r] [--trajectories t] [--dir path] [n ...]`:
/// the cost of noise against the noiseless engine, measured in the same run (plain Stopwatch, best of r,
/// the two sides of each ratio and the thread counts alternating within each round). For each random_n{n}_d20_seed1 circuit (default n = 20 24):
/// (a) the noiseless state-vector run (t runs back to back, as long as the trajectories take), (b) t trajectories under 1% depolarizing after every gate, as Aer
/// attaches it (depolarizing_error(0.01, 1) on the one-qubit gates, depolarizing_error(0.01, 2) on the
/// two-qubit ones), and the time per trajectory over (a); each noiseless run and each trajectory draws one
/// shot. Then (c) the exact density matrix of a 12-qubit
/// circuit under the same noise (the gates of random_n24_d20_seed1 on qubits 0–11: the generator's rules on
/// 12 qubits) against the noiseless 24-qubit run, which holds the same 2^24 amplitudes.
/// </summary>
internal static class NoiseBenchmarkRunner
{
    private const double Depolarizing = 0.01;
    private const int DensityMatrixQubits = 12;

    public static int Run(string[] args)
    {
        var precision = Precision.Single;
        var threadCounts = new List<int> { 1 };
        var repeat = 2;
        var trajectories = 20;
        var dir = CircuitBenchmarkRunner.DefaultDirectory();
        var sizes = new List<int>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--precision":
                    precision = args[++i] == "double" ? Precision.Double : Precision.Single;
                    break;
                case "--threads":
                    threadCounts = args[++i].Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToList();
                    break;
                case "--repeat":
                    repeat = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--trajectories":
                    trajectories = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--dir":
                    dir = args[++i];
                    break;
                default:
                    sizes.Add(int.Parse(args[i], CultureInfo.InvariantCulture));
                    break;
            }
        }
        if (sizes.Count == 0)
        {
            sizes.AddRange([20, 24]);
        }
        var noise = AerStyleDepolarizing();
        Console.WriteLine($"noise: depolarizing({Depolarizing.ToString(CultureInfo.InvariantCulture)}) on 1-qubit gates, 2-qubit depolarizing({Depolarizing.ToString(CultureInfo.InvariantCulture)}) on 2-qubit gates (Aer's attachment)");
        Console.WriteLine($"precision={precision} threads={string.Join(',', threadCounts)} repeat={repeat} trajectories={trajectories} cpu={Environment.ProcessorCount} {RuntimeInformation.ProcessArchitecture} {CpuModel()} load={LoadAverage()}");
        // Both sides draw one shot per state, as a trajectory run for counts does.
        // ideal s: noiseless run (allocation included), with its allocation and fusion, as the mean of t runs back to
        // back (the best such round); traj s: best run of all
        // trajectories; per traj: that / t; ratio: per traj / ideal; cpu: the same ratio in processor time;
        // fused: fused kernel calls of the noiseless run (every trajectory fuses its own gate list once).
        Console.WriteLine($"{"circuit",-24} {"thr",3} {"gates",6} {"fused",6} {"ideal s",8} {"alloc",6} {"fuse",6} {"traj s",8} {"per traj",9} {"ratio",6} {"cpu",6}");
        foreach (var n in sizes)
        {
            var circuit = Load(dir, n);
            var (ideal, noisy) = Best(threadCounts, repeat,
                t => Repeated(trajectories, () => Time(Simulator(precision, t, SimulationMethod.StateVector), circuit, new SimulationRequest { Shots = 1, Seed = 1 })),
                t => Time(Simulator(precision, t, SimulationMethod.StateVector), circuit, new SimulationRequest { Noise = noise, Trajectories = trajectories, Shots = trajectories, Seed = 1 }));
            for (var k = 0; k < threadCounts.Count; k++)
            {
                var (a, b) = (ideal[k], noisy[k]);
                var perTrajectory = b.Seconds / trajectories;
                Console.WriteLine($"{$"random_n{n}_d20_seed1",-24} {threadCounts[k],3} {circuit.GateCount,6} {a.Fused,6} {a.Seconds,8:F3} {a.Timings.Allocation.TotalSeconds,6:F3} {a.Timings.Fusion.TotalSeconds,6:F3} {b.Seconds,8:F3} {perTrajectory,9:F4} {perTrajectory / a.Seconds,6:F2} {b.Cpu / trajectories / a.Cpu,6:F2}");
            }
        }

        var big = Load(dir, 2 * DensityMatrixQubits);
        var small = FirstQubits(big, DensityMatrixQubits);
        Console.WriteLine($"{"density matrix",-24} {"thr",3} {"gates",6} {"dm s",8} {$"sv n={2 * DensityMatrixQubits} s",10} {"ratio",6} {"cpu",6}");
        var (exact, vector) = Best(threadCounts, repeat,
            t => Time(Simulator(precision, t, SimulationMethod.DensityMatrix), small, new SimulationRequest { Noise = noise }),
            t => Time(Simulator(precision, t, SimulationMethod.StateVector), big, new SimulationRequest()));
        for (var k = 0; k < threadCounts.Count; k++)
        {
            Console.WriteLine($"{$"n={DensityMatrixQubits} (of n24 d20)",-24} {threadCounts[k],3} {small.GateCount,6} {exact[k].Seconds,8:F3} {vector[k].Seconds,10:F3} {exact[k].Seconds / vector[k].Seconds,6:F2} {exact[k].Cpu / vector[k].Cpu,6:F2}");
        }
        return 0;
    }

    /// <summary>Aer's usual attachment: a 1-qubit error on 1-qubit gates, a 2-qubit error on 2-qubit gates.</summary>
    internal static NoiseModel AerStyleDepolarizing() => new()
    {
        GateErrors =
        [
            new GateErrorRule(new HashSet<string> { "h", "rx", "ry" }, null, Channels.Depolarizing(Depolarizing)),
            new GateErrorRule(new HashSet<string> { "cz", "cu1", "cp", "swap" }, null, Channels.Depolarizing(Depolarizing, 2)),
        ],
    };

    private static Simulator Simulator(Precision precision, int threads, SimulationMethod method) =>
        new(new SimulationOptions { Precision = precision, Threads = threads, Method = method });

    private static Measurement Time(Simulator simulator, Circuit circuit, SimulationRequest request)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        using var result = simulator.Run(circuit, request);
        var seconds = watch.Elapsed.TotalSeconds;
        return new Measurement(seconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, result.FusedGateCount, result.Timings);
    }

    /// <summary>
    /// <paramref name="count"/> runs back to back, as one measurement of the time per run: a side timed so spans
    /// the same stretch of a shared machine as the trajectories it is set against, where the best of single
    /// short runs would catch its quietest moment.
    /// </summary>
    private static Measurement Repeated(int count, Func<Measurement> run)
    {
        var runs = Enumerable.Range(0, count).Select(_ => run()).ToArray();
        return new Measurement(runs.Sum(r => r.Seconds) / count, runs.Sum(r => r.Cpu) / count, runs[0].Fused,
            new SimulationTimings(Mean(runs, r => r.Timings.Allocation), Mean(runs, r => r.Timings.Fusion), Mean(runs, r => r.Timings.Application), Mean(runs, r => r.Timings.Readout)));
    }

    private static TimeSpan Mean(Measurement[] runs, Func<Measurement, TimeSpan> part) => TimeSpan.FromTicks((long)runs.Average(r => part(r).Ticks));

    /// <param name="Cpu">Processor time of the process over the run: steadier than wall time on a shared machine.</param>
    private sealed record Measurement(double Seconds, double Cpu, int Fused, SimulationTimings Timings);

    /// <summary>Best of <paramref name="repeat"/> rounds for each thread count; rounds alternate the counts.</summary>
    /// <summary>
    /// The fastest of <paramref name="repeat"/> rounds of each side for each thread count (with the least
    /// processor time of any round). Within a round the two sides and the thread counts alternate, so a slow
    /// moment of a shared machine hits both sides of a ratio alike.
    /// </summary>
    private static (Measurement[] First, Measurement[] Second) Best(List<int> threadCounts, int repeat, Func<int, Measurement> first, Func<int, Measurement> second)
    {
        var a = new Measurement?[threadCounts.Count];
        var b = new Measurement?[threadCounts.Count];
        for (var r = 0; r < repeat; r++)
        {
            for (var k = 0; k < threadCounts.Count; k++)
            {
                a[k] = Faster(a[k], first(threadCounts[k]));
                b[k] = Faster(b[k], second(threadCounts[k]));
            }
        }
        return (a.Select(m => m!).ToArray(), b.Select(m => m!).ToArray());
    }

    private static Measurement Faster(Measurement? best, Measurement time) =>
        best is null ? time : (time.Seconds < best.Seconds ? time : best) with { Cpu = Math.Min(time.Cpu, best.Cpu) };

    private static Circuit Load(string dir, int n) => BenchQasmReader.Read(Path.Combine(dir, $"random_n{n}_d20_seed1.qasm"));

    /// <summary>The gates wholly on qubits below <paramref name="qubits"/>, in order.</summary>
    internal static Circuit FirstQubits(Circuit circuit, int qubits)
    {
        var builder = new CircuitBuilder(qubits);
        foreach (var gate in circuit.Operations.OfType<GateOperation>().Where(g => g.Qubits.All(q => q < qubits)))
        {
            builder.Add(gate);
        }
        return builder.Build();
    }

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
