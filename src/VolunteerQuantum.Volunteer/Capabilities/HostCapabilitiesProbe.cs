using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Simulation.Execution;

namespace VolunteerQuantum.Volunteer.Capabilities;

/// <summary>
/// What this host offers the grid: threads, memory budget, SIMD width, and a measured speed
/// (amplitude updates per second) that the coordinator sizes lease deadlines from.
/// </summary>
public sealed class HostCapabilitiesProbe(IOptions<VolunteerOptions> options)
{
    private readonly VolunteerOptions _options = options.Value;

    public int Threads => _options.MaxThreads > 0 ? Math.Min(_options.MaxThreads, Environment.ProcessorCount) : Environment.ProcessorCount;

    /// <summary>The memory budget: the configured one, else half of what the machine has.</summary>
    public long MemoryBytes => _options.MaxMemoryBytes > 0
        ? _options.MaxMemoryBytes
        : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;

    public static int SimdWidthBits =>
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;

    public HostCapabilities Probe() => new()
    {
        LogicalCores = Threads,
        MemoryBytes = MemoryBytes,
        SimdWidthBits = SimdWidthBits,
        AmplitudeUpdatesPerSecond = Benchmark(Threads),
        Os = RuntimeInformation.OSDescription,
        DaemonVersion = typeof(HostCapabilitiesProbe).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
    };

    /// <summary>The same capabilities with the current pause reason (set by the computing policy).</summary>
    public HostCapabilities Refresh(HostCapabilities measured)
    {
        ArgumentNullException.ThrowIfNull(measured);
        var now = measured.Clone();
        now.MemoryBytes = MemoryBytes;
        return now;
    }

    /// <summary>A short run (a few milliseconds) of layered one-qubit gates on 18 qubits.</summary>
    public static double Benchmark(int threads)
    {
        const int qubits = 18;
        const int layers = 8;
        var builder = new CircuitBuilder(qubits);
        var h = GateMatrix.OneQubit(Math.Sqrt(0.5), Math.Sqrt(0.5), Math.Sqrt(0.5), -Math.Sqrt(0.5));
        for (var layer = 0; layer < layers; layer++)
        {
            for (var q = 0; q < qubits; q++)
            {
                builder.Gate("h", h, q);
            }
        }
        var circuit = builder.Build();
        var simulator = new Simulator(new SimulationOptions { Threads = Math.Max(1, threads) });
        simulator.Run(circuit).Dispose();   // warm-up: JIT and first-touch of memory
        var clock = Stopwatch.StartNew();
        simulator.Run(circuit).Dispose();
        return circuit.GateCount * (double)(1L << qubits) / Math.Max(clock.Elapsed.TotalSeconds, 1e-6);
    }
}
