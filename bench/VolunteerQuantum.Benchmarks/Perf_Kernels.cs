using BenchmarkDotNet.Attributes;
using VolunteerQuantum.Simulation;
using VolunteerQuantum.Simulation.Fusion;
using VolunteerQuantum.Simulation.Kernels;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Benchmarks;

/// <summary>
/// One kernel call per family on a 20-qubit state, and a 19-qubit one (an odd size: group counts that
/// do not split evenly), seeded random gates, float and double, low targets (inside a register) and
/// high ones, odd target positions on purpose. Run:
/// <c>dotnet run -c Release --project bench/VolunteerQuantum.Benchmarks -- --filter *Perf_Kernels*</c>.
/// </summary>
[MemoryDiagnoser]
// Not sealed: BenchmarkDotNet generates a class deriving from it.
public class Perf_Kernels : IDisposable
{
    private StateVector? _state;
    private Action? _apply;

    [Params(19, 20)]
    public int Qubits { get; set; } = 20;

    [Params(Precision.Single, Precision.Double)]
    public Precision Precision { get; set; }

    [Params("dense1-low", "dense1-high", "dense2-mixed", "dense3-mixed", "dense4-mixed", "dense5-high", "diagonal3", "controlled-c2")]
    public string Kernel { get; set; } = "dense1-low";

    [GlobalSetup]
    public void Setup()
    {
        var n = Qubits;
        var rng = new Random(42);
        _state = StateVector.Create(n, Precision);
        var gate = Kernel switch
        {
            "dense1-low" => Dense([1], rng),
            "dense1-high" => Dense([17], rng),
            "dense2-mixed" => Dense([3, 13], rng),
            "dense3-mixed" => Dense([1, 9, 15], rng),
            "dense4-mixed" => Dense([2, 7, 11, 17], rng),
            "dense5-high" => Dense([5, 7, 11, 13, 17], rng),
            "diagonal3" => new FusedGate(FusedGateKind.Diagonal, [1, 11, 17], Enumerable.Range(0, 8).Select(_ => Complex.FromPolarCoordinates(1, rng.NextDouble())).ToArray()),
            _ => new FusedGate(FusedGateKind.Controlled, [5], Perf_KernelsMatrices.Unitary(1, rng), [3, 15], [true, false]),
        };
        _apply = _state switch
        {
            StateVector<float> f => CreateApply(f, gate),
            StateVector<double> d => CreateApply(d, gate),
            _ => throw new InvalidOperationException(),
        };
    }

    [Benchmark]
    public void Apply() => _apply!();

    [GlobalCleanup]
    public void Dispose()
    {
        _state?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static Action CreateApply<T>(StateVector<T> state, FusedGate gate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var plan = GateBackends.Create<T>().Prepare(gate, state.LocalQubits);
        return () => plan.Apply(state, 1);
    }

    private static FusedGate Dense(int[] targets, Random rng) => new(FusedGateKind.Dense, targets, Perf_KernelsMatrices.Unitary(targets.Length, rng));
}
