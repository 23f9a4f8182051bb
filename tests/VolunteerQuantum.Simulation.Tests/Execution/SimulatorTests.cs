using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.Kernels;
using VolunteerQuantum.Simulation.StateSpace;
using VolunteerQuantum.Simulation.Tests.Support;

namespace VolunteerQuantum.Simulation.Tests.Execution;

/// <summary>Whole-circuit properties of the runner, in both precisions and on every accelerated width.</summary>
public sealed class SimulatorTests
{
    public static TheoryData<int, Precision> Paths() => KernelEquivalenceTestsData.Paths();

    [Theory]
    [MemberData(nameof(Paths))]
    public void Run_RandomCircuitThenInverse_ReturnsZeroState(int widthCode, Precision precision)
    {
        var rng = new Random(11);
        const int n = 11;
        var gates = RandomCircuits.Gates(n, 120, rng);
        var circuit = RandomCircuits.ToCircuit(n, gates.Concat(RandomCircuits.Inverse(gates)));
        var simulator = new Simulator(new SimulationOptions { Precision = precision, KernelWidth = (KernelWidth)widthCode, Threads = 1 });
        using var result = simulator.Run(circuit, new SimulationRequest { KeepFinalState = true });
        var state = result.FinalState!;
        var tolerance = precision == Precision.Double ? 1e-12 : 1e-5;
        Assert.True((state.GetAmplitude(0) - Complex.One).Magnitude <= tolerance, $"amp0 = {state.GetAmplitude(0)}");
        Assert.True(Math.Abs(state.NormSquared() - 1) <= tolerance);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Run_RandomCircuit_MatchesReferenceAndPreservesNorm(int widthCode, Precision precision)
    {
        var rng = new Random(12);
        const int n = 10;
        var gates = RandomCircuits.Gates(n, 150, rng);
        var expected = RandomCircuits.Simulate(n, gates);
        var simulator = new Simulator(new SimulationOptions { Precision = precision, KernelWidth = (KernelWidth)widthCode, Threads = 1 });
        using var result = simulator.Run(RandomCircuits.ToCircuit(n, gates), new SimulationRequest { KeepFinalState = true });
        var actual = new Complex[1 << n];
        result.FinalState!.CopyTo(0, actual);
        Assert.True(KernelHarness.MaxDifference(expected, actual) <= (precision == Precision.Double ? 1e-12 : 2e-5));
        Assert.True(Math.Abs(result.FinalState.NormSquared() - 1) <= (precision == Precision.Double ? 1e-12 : 1e-5));
    }

    [Theory]
    [InlineData(Precision.Double)]
    [InlineData(Precision.Single)]
    public void Run_FusionOnOff_Agree(Precision precision)
    {
        var rng = new Random(13);
        const int n = 12;
        var circuit = RandomCircuits.ToCircuit(n, RandomCircuits.Gates(n, 200, rng));
        var reference = FinalAmplitudes(circuit, new SimulationOptions { Precision = precision, MaxFusedQubits = 0 });
        for (var k = 1; k <= 6; k++)
        {
            var fused = FinalAmplitudes(circuit, new SimulationOptions { Precision = precision, MaxFusedQubits = k });
            Assert.True(KernelHarness.MaxDifference(reference, fused) <= (precision == Precision.Double ? 1e-12 : 1e-5), $"k={k}");
        }
    }

    [Theory]
    [InlineData(Precision.Double)]
    [InlineData(Precision.Single)]
    public void Run_ThreadCounts_GiveIdenticalAmplitudesAndCounts(Precision precision)
    {
        var rng = new Random(14);
        const int n = 18;
        var gates = RandomCircuits.Gates(n, 60, rng);
        var b = new CircuitBuilder(n, n);
        foreach (var g in gates)
        {
            b.Add(g);
        }
        for (var q = 0; q < n; q++)
        {
            b.Measure(q, q);
        }
        var circuit = b.Build();
        // The grid compares replicas computed with whatever threads each volunteer lends: every
        // amplitude must have the same bits for every thread count, not merely agree to a tolerance.
        var request = new SimulationRequest { Shots = 3000, Seed = 5, AmplitudeIndices = [0, 1, 77, (1 << n) - 1], KeepFinalState = true };
        SimulationResult? first = null;
        Complex[]? firstState = null;
        foreach (var threads in new[] { 1, 2, 3, 4 })
        {
            using var result = new Simulator(new SimulationOptions { Precision = precision, Threads = threads }).Run(circuit, request);
            var state = new Complex[1 << n];
            result.FinalState!.CopyTo(0, state);
            if (first is null)
            {
                first = result;
                firstState = state;
                continue;
            }
            Assert.Equal(first.Amplitudes, result.Amplitudes);
            Assert.Equal(first.Counts!.Values.OrderBy(kv => kv.Key.ToUInt64()), result.Counts!.Values.OrderBy(kv => kv.Key.ToUInt64()));
            var differing = Enumerable.Range(0, state.Length).Count(i => state[i] != firstState![i]);
            Assert.True(differing == 0, $"{threads} threads: {differing} amplitudes differ from one thread's");
        }
    }

    [Theory]
    [InlineData(Precision.Double)]
    [InlineData(Precision.Single)]
    public void Run_ReportsWhereItsTimeWent(Precision precision)
    {
        var circuit = RandomCircuits.ToCircuit(16, RandomCircuits.Gates(16, 80, new Random(21)));
        using var result = new Simulator(new SimulationOptions { Precision = precision, Threads = 2 }).Run(circuit, new SimulationRequest { Shots = 100 });
        var timings = result.Timings;
        Assert.True(timings.Application > TimeSpan.Zero, "applying 80 gates to 16 qubits takes time");
        Assert.True(timings.Allocation > TimeSpan.Zero && timings.Fusion > TimeSpan.Zero && timings.Readout > TimeSpan.Zero);
        Assert.True(timings.Total <= result.Elapsed, $"phases {timings.Total} within the run's {result.Elapsed}");
    }

    [Fact]
    public void Run_Progress_ReportsEveryFusedOperation()
    {
        var rng = new Random(15);
        var circuit = RandomCircuits.ToCircuit(6, RandomCircuits.Gates(6, 40, rng));
        var reports = new List<SimulationProgress>();
        using var result = new Simulator(new SimulationOptions { MaxFusedQubits = 2, ChunkQubits = 0 }).Run(circuit, progress: new SyncProgress<SimulationProgress>(reports.Add));
        Assert.Equal(result.FusedGateCount, reports.Count);
        Assert.Equal(1.0, reports[^1].Fraction);
    }

    [Theory]
    [InlineData(Precision.Double, 1, 1e-12)]
    [InlineData(Precision.Double, 3, 1e-12)]
    [InlineData(Precision.Single, 2, 1e-5)]
    public void Run_CacheBlocking_AgreesWithGateByGate(Precision precision, int threads, double tolerance)
    {
        var rng = new Random(17);
        const int n = 13;
        var circuit = RandomCircuits.ToCircuit(n, RandomCircuits.Gates(n, 300, rng));
        var reference = FinalAmplitudes(circuit, new SimulationOptions { Precision = precision, ChunkQubits = 0, Threads = 1 });
        foreach (var chunk in new[] { 4, 5, 8, 12, 13, 20 })
        {
            var reports = new List<SimulationProgress>();
            var options = new SimulationOptions { Precision = precision, ChunkQubits = chunk, Threads = threads };
            var actual = FinalAmplitudes(circuit, options, new SyncProgress<SimulationProgress>(reports.Add));
            Assert.True(KernelHarness.MaxDifference(reference, actual) <= tolerance, $"chunk {chunk}");
            Assert.Equal(1.0, reports[^1].Fraction);
        }
    }

    [Fact]
    public void Run_Cancelled_Throws()
    {
        var circuit = RandomCircuits.ToCircuit(6, RandomCircuits.Gates(6, 40, new Random(16)));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => new Simulator().Run(circuit, cancellationToken: cts.Token));
    }

    [Fact]
    public void Run_MemoryLimitTooSmall_RefusesUpFrontNamingBytes()
    {
        var circuit = new CircuitBuilder(20).Gate("h", TestData.H, 0).Build();
        var ex = Assert.Throws<StateTooLargeException>(() => new Simulator(new SimulationOptions { MaxMemoryBytes = 1 << 20 }).Run(circuit));
        Assert.Equal(16L << 20, ex.BytesNeeded);
        Assert.Equal(1L << 20, ex.BytesAllowed);
        Assert.Contains("16,777,216", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1,048,576", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_AmplitudesAndGlobalPhase_MatchHandComputedValues()
    {
        var b = new CircuitBuilder(2);
        b.Gate("h", TestData.H, 0);
        b.Gate("s", TestData.S, 0);
        b.Add(new GateOperation("gphase", new GateMatrix(0, [Complex.ImaginaryOne]), []));
        var result = new Simulator().Run(b.Build(), new SimulationRequest { AmplitudeIndices = [0, 1, 2, 3] });
        var r = 1 / Math.Sqrt(2);
        Assert.True((result.Amplitudes[0] - new Complex(0, r)).Magnitude < 1e-15);
        Assert.True((result.Amplitudes[1] - new Complex(-r, 0)).Magnitude < 1e-15);
        Assert.Equal(Complex.Zero, result.Amplitudes[2]);
    }

    [Fact]
    public void Run_DynamicCircuitAskedForAmplitudes_ThrowsClearError()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new Simulator().Run(TestCircuits.MeasureResetMeasure(), new SimulationRequest { AmplitudeIndices = [0] }));
        Assert.Contains("dynamic", ex.Message, StringComparison.Ordinal);
    }

    private static Complex[] FinalAmplitudes(Circuit circuit, SimulationOptions options, IProgress<SimulationProgress>? progress = null)
    {
        using var result = new Simulator(options).Run(circuit, new SimulationRequest { KeepFinalState = true }, progress);
        var amplitudes = new Complex[result.FinalState!.Length];
        result.FinalState.CopyTo(0, amplitudes);
        return amplitudes;
    }
}
