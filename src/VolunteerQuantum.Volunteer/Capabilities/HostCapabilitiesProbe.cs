using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Volunteer.Policy;

namespace VolunteerQuantum.Volunteer.Capabilities;

/// <summary>
/// What this host offers the grid: threads, memory budget, SIMD width, and a measured speed
/// (amplitude updates per second) that the coordinator sizes lease deadlines from.
/// </summary>
public static class HostCapabilitiesProbe
{
    public static int SimdWidthBits =>
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;

    /// <summary>Measures the host once, with the threads and memory the computing policy lends now.</summary>
    public static HostCapabilities Probe(PolicyDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new()
        {
            LogicalCores = decision.Threads,
            MemoryBytes = decision.MemoryBytes,
            SimdWidthBits = SimdWidthBits,
            AmplitudeUpdatesPerSecond = Benchmark(decision.Threads),
            Os = RuntimeInformation.OSDescription,
            DaemonVersion = DaemonVersion,
            PausedReason = decision.PausedReason,
        };
    }

    public static string DaemonVersion => typeof(HostCapabilitiesProbe).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>
    /// The measured capabilities as the computing policy has them now: threads and memory lent (they
    /// change when the user comes and goes) and why the host is paused, which the coordinator shows.
    /// </summary>
    public static HostCapabilities Refresh(HostCapabilities measured, PolicyDecision decision)
    {
        ArgumentNullException.ThrowIfNull(measured);
        ArgumentNullException.ThrowIfNull(decision);
        var now = measured.Clone();
        now.LogicalCores = decision.Threads;
        now.MemoryBytes = decision.MemoryBytes;
        now.PausedReason = decision.PausedReason;
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
