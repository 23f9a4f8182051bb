using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Simulation;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project bench/VolunteerQuantum.Benchmarks -- circuits [--precision single|double]
/// [--threads N] [--fuse k] [--local-fuse k] [--chunk qubits] [--repeat r] [--kinds random,qft] [--dir path] [--full-parser] [n ...]`: simulates the shared
/// benchmark circuits (a plain Stopwatch, best of r runs, state allocation included) and prints each time
/// as a multiple of one memory copy of the same state size measured in the same process, plus a check of
/// the first 16 amplitudes against reference_amplitudes.json. Circuits are read with a small reader of the
/// benchmark subset, or with the real OpenQASM parser (--full-parser).
/// </summary>
internal static class CircuitBenchmarkRunner
{
    public static int Run(string[] args)
    {
        var precision = Precision.Single;
        var threadCounts = new List<int> { 1 };
        int? fuse = null;
        int? localFuse = null;
        int? chunk = null;
        var repeat = 2;
        var kinds = new[] { "random", "qft" };
        var dir = DefaultDirectory();
        var sizes = new List<int>();
        var fullParser = false;
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
                case "--fuse":
                    fuse = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--local-fuse":
                    localFuse = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--chunk":
                    chunk = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--repeat":
                    repeat = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--kinds":
                    kinds = args[++i].Split(',');
                    break;
                case "--full-parser":
                    fullParser = true;
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
        var reference = LoadReference(Path.Combine(dir, "reference_amplitudes.json"));
        var anchors = QsimAnchors.Load(dir);
        var simulators = threadCounts.Select(t => new Simulator(new SimulationOptions { Precision = precision, Threads = t, MaxFusedQubits = fuse, MaxLocalFusedQubits = localFuse, ChunkQubits = chunk })).ToArray();
        var options = simulators[0].Options;
        Console.WriteLine($"precision={precision} threads={string.Join(',', threadCounts)} fuse={options.MaxFusedQubits?.ToString(CultureInfo.InvariantCulture) ?? $"default({SimulationOptions.DefaultMaxFusedQubits(precision)})"} local-fuse={options.MaxLocalFusedQubits?.ToString(CultureInfo.InvariantCulture) ?? "default"} chunk={options.ChunkQubits?.ToString(CultureInfo.InvariantCulture) ?? "default"} repeat={repeat} cpu={Environment.ProcessorCount} {RuntimeInformation.ProcessArchitecture}");
        Console.WriteLine(anchors is null
            ? "(no qsim anchors found: the qsim columns stay empty)"
            : $"qsim: {anchors.Source} (gate application only, single precision, measured side by side on this machine kind; not in this run)");
        // time: best run, state allocation included; alloc/fuse/apply: that run's phases (SimulationResult.Timings);
        // passes: time / one memory copy of the state measured in this run; apply-p: the application alone;
        // speed-up: over the first thread count's best time; cpu s: processor time of the process (steadier than wall time on a shared machine).
        Console.WriteLine($"{"circuit",-24} {"thr",3} {"gates",6} {"fused",6} {"time s",8} {"alloc",7} {"fuse",7} {"apply",7} {"cpu s",8} {"memcpy ms",10} {"passes",8} {"apply-p",8} {"speed-up",8} {"qsim s",7} {"/qsim",6}  check");
        var failures = 0;
        foreach (var n in sizes)
        {
            foreach (var kind in kinds)
            {
                var name = kind == "qft" ? $"qft_n{n}" : $"random_n{n}_d20_seed1";
                var path = Path.Combine(dir, name + ".qasm");
                if (!File.Exists(path))
                {
                    Console.WriteLine($"{name,-24} (missing {path})");
                    continue;
                }
                var circuit = fullParser ? VolunteerQuantum.Circuits.Qasm.QasmParser.ParseFile(path) : BenchQasmReader.Read(path);
                var memcpy = MemcpySeconds(StateVector.BytesNeeded(n, precision));
                var best = Enumerable.Repeat(double.MaxValue, simulators.Length).ToArray();
                var bestCpu = Enumerable.Repeat(double.MaxValue, simulators.Length).ToArray();
                var bestTimings = new SimulationTimings?[simulators.Length];
                var last = new SimulationResult?[simulators.Length];
                // Rounds alternate the thread counts, so a slow moment of a shared machine hits them all alike.
                for (var r = 0; r < repeat; r++)
                {
                    for (var k = 0; k < simulators.Length; k++)
                    {
                        last[k]?.Dispose();
                        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                        var watch = Stopwatch.StartNew();
                        last[k] = simulators[k].Run(circuit, new SimulationRequest { AmplitudeIndices = Enumerable.Range(0, 16).Select(i => (long)i).ToArray() });
                        var seconds = watch.Elapsed.TotalSeconds;
                        if (seconds < best[k])
                        {
                            best[k] = seconds;
                            bestTimings[k] = last[k]!.Timings;
                        }
                        bestCpu[k] = Math.Min(bestCpu[k], (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
                    }
                }
                for (var k = 0; k < simulators.Length; k++)
                {
                    var result = last[k]!;
                    var check = Check(name, n, precision, result.Amplitudes, reference);
                    failures += check.StartsWith("FAIL", StringComparison.Ordinal) ? 1 : 0;
                    var t = bestTimings[k]!;
                    var qsim = anchors?.Seconds(kind, n, threadCounts[k]);
                    var qsimText = qsim is { } q ? $"{q,7:F2} {best[k] / q,6:F2}" : $"{"-",7} {"-",6}";
                    Console.WriteLine($"{name,-24} {threadCounts[k],3} {circuit.GateCount,6} {result.FusedGateCount,6} {best[k],8:F3} {t.Allocation.TotalSeconds,7:F3} {t.Fusion.TotalSeconds,7:F3} {t.Application.TotalSeconds,7:F3} {bestCpu[k],8:F3} {memcpy * 1e3,10:F2} {best[k] / memcpy,8:F1} {t.Application.TotalSeconds / memcpy,8:F1} {best[0] / best[k],8:F2} {qsimText}  {check}");
                    result.Dispose();
                }
            }
        }
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Best of five Buffer.MemoryCopy calls of <paramref name="bytes"/> (source and destination pre-touched).</summary>
    private static unsafe double MemcpySeconds(long bytes)
    {
        var src = NativeMemory.AlignedAlloc((nuint)bytes, 64);
        var dst = NativeMemory.AlignedAlloc((nuint)bytes, 64);
        try
        {
            NativeMemory.Fill(src, (nuint)bytes, 1);
            NativeMemory.Fill(dst, (nuint)bytes, 2);
            var best = double.MaxValue;
            for (var i = 0; i < 5; i++)
            {
                var watch = Stopwatch.StartNew();
                Buffer.MemoryCopy(src, dst, bytes, bytes);
                best = Math.Min(best, watch.Elapsed.TotalSeconds);
            }
            return best;
        }
        finally
        {
            NativeMemory.AlignedFree(src);
            NativeMemory.AlignedFree(dst);
        }
    }

    private static string Check(string name, int n, Precision precision, IReadOnlyList<Complex> amplitudes, JsonElement? reference)
    {
        Complex[]? expected = null;
        if (name.StartsWith("qft", StringComparison.Ordinal))
        {
            // QFT of |0…0⟩ is the uniform state.
            expected = Enumerable.Repeat(new Complex(Math.Pow(2, -n / 2.0), 0), 16).ToArray();
        }
        else if (reference is { } json && json.GetProperty("circuits").TryGetProperty(name, out var entry))
        {
            expected = entry.GetProperty("qsim_float64").GetProperty("amps").EnumerateArray()
                .Select(a => new Complex(a[0].GetDouble(), a[1].GetDouble())).ToArray();
        }
        if (expected is null)
        {
            return "(no reference)";
        }
        var worst = 0.0;
        for (var i = 0; i < 16; i++)
        {
            worst = Math.Max(worst, (amplitudes[i] - expected[i]).Magnitude);
        }
        var tolerance = precision == Precision.Single ? 1e-6 : 1e-12;
        return worst <= tolerance ? $"ok (max |Δ| {worst:E1})" : $"FAIL max |Δ| {worst:E2} > {tolerance:E0}";
    }

    private static JsonElement? LoadReference(string path) =>
        File.Exists(path) ? JsonDocument.Parse(File.ReadAllText(path)).RootElement : null;

    /// <summary>bench/circuits of this checkout (a copy of shared/bench), found from the source or the binaries.</summary>
    internal static string DefaultDirectory([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(source) ?? "", AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var candidate = Path.Combine(d.FullName, "bench", "circuits");
                if (File.Exists(Path.Combine(candidate, "reference_amplitudes.json")))
                {
                    return candidate;
                }
            }
        }
        return "/work/shared/bench";
    }
}
