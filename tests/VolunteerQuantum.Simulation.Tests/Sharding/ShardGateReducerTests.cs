using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.Sharding;
using VolunteerQuantum.Simulation.StateSpace;
using VolunteerQuantum.Simulation.Tests.Support;

namespace VolunteerQuantum.Simulation.Tests.Sharding;

public sealed class ShardGateReducerTests
{
    [Theory]
    [InlineData(Precision.Double, 1e-13)]
    [InlineData(Precision.Single, 2e-6)]
    public void ApplyToShard_EverySlice_EqualsWholeSimulation(Precision precision, double tolerance)
    {
        const int local = 6;
        const int global = 3;
        const int n = local + global;
        var rng = new Random(31);
        var gates = ShardFriendlyGates(local, n, 150, rng);
        var initial = TestData.RandomState(n, rng);
        var expected = RandomCircuits.Simulate(n, gates, initial);
        var simulator = new Simulator(new SimulationOptions { Precision = precision, Threads = 1 });
        for (var shard = 0L; shard < 1 << global; shard++)
        {
            using var state = StateVector.CreateShard(local, global, shard, precision);
            Assert.Equal(shard << local, state.GlobalIndexBase);
            state.CopyFrom(0, initial.AsSpan((int)state.GlobalIndexBase, 1 << local));
            simulator.ApplyToShard(state, gates);
            var actual = new Complex[1 << local];
            state.CopyTo(0, actual);
            Assert.True(KernelHarness.MaxDifference(expected[(int)state.GlobalIndexBase..((int)state.GlobalIndexBase + (1 << local))], actual) <= tolerance, $"shard {shard}");
        }
    }

    [Fact]
    public void ApplyToShard_CancelledThenResumed_EqualsUninterrupted()
    {
        var rng = new Random(33);
        const int n = 17;
        var gates = RandomCircuits.Gates(n, 120, rng);
        var simulator = new Simulator(new SimulationOptions { ChunkQubits = 12 });
        using var whole = StateVector.Create(n);
        var total = simulator.ApplyToShard(whole, gates);

        using var interrupted = StateVector.Create(n);
        using var cts = new CancellationTokenSource();
        var checkpoint = 0;
        var progress = new SyncProgress<SimulationProgress>(p =>
        {
            checkpoint = p.FusedOperationsDone;
            if (p.FusedOperationsDone >= total / 2)
            {
                cts.Cancel();
            }
        });
        Assert.Throws<OperationCanceledException>(() => simulator.ApplyToShard(interrupted, gates, progress, cancellationToken: cts.Token));
        Assert.InRange(checkpoint, 1, total - 1);
        simulator.ApplyToShard(interrupted, gates, resumeAfter: checkpoint);
        for (long i = 0; i < whole.Length; i += 997)
        {
            Assert.Equal(whole.GetAmplitude(i), interrupted.GetAmplitude(i));
        }
    }

    [Fact]
    public void Reduce_ControlOnGlobalQubit_DroppedOrIdentity()
    {
        var cx = new GateOperation("cx", TestData.X, [1], [5]);
        Assert.Null(new ShardGateReducer(4, 2, 0b01).Reduce(cx)); // qubit 5 is shard bit 1 = 0: control unsatisfied
        var reduced = new ShardGateReducer(4, 2, 0b10).Reduce(cx)!;
        Assert.Empty(reduced.Controls);
        Assert.Equal([1], reduced.Targets);
        var negated = new GateOperation("cx0", TestData.X, [1], [5], [false]);
        Assert.NotNull(new ShardGateReducer(4, 2, 0b01).Reduce(negated));
    }

    [Fact]
    public void Reduce_DiagonalOnGlobalQubits_BecomesLocalDiagonalOrPhase()
    {
        var cp = new GateOperation("cp", TestData.Cp(0.3), [2, 6]);
        var inShard = new ShardGateReducer(4, 3, 0b100).Reduce(cp)!; // qubit 6 = shard bit 2 = 1
        Assert.Equal([2], inShard.Targets);
        Assert.Equal(Complex.FromPolarCoordinates(1, 0.3), inShard.Matrix[1, 1]);
        var phase = new ShardGateReducer(4, 3, 0b100).Reduce(new GateOperation("rz", TestData.Rz(0.8), [6]))!;
        Assert.Empty(phase.Targets);
        Assert.Equal(Complex.FromPolarCoordinates(1, 0.4), phase.Matrix[0, 0]);
    }

    [Fact]
    public void IsShardLocal_DiagonalAnywhereDenseOnlyLocal()
    {
        Assert.True(ShardGateReducer.IsShardLocal(new GateOperation("cp", TestData.Cp(1), [0, 9]), 4));
        Assert.True(ShardGateReducer.IsShardLocal(new GateOperation("cx", TestData.X, [2], [9]), 4));
        Assert.False(ShardGateReducer.IsShardLocal(new GateOperation("cx", TestData.X, [9], [2]), 4));
    }

    [Fact]
    public void Reduce_NonDiagonalOnGlobalQubit_ThrowsNamingQubit()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new ShardGateReducer(4, 2, 0).Reduce(new GateOperation("h", TestData.H, [4])));
        Assert.Contains("global qubit 4", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Non-diagonal gates only on local qubits; diagonals and controls anywhere.</summary>
    private static List<GateOperation> ShardFriendlyGates(int local, int n, int count, Random rng)
    {
        var gates = new List<GateOperation>();
        for (var i = 0; i < count; i++)
        {
            switch (rng.Next(7))
            {
                case 0:
                    gates.Add(new GateOperation("h", TestData.H, [rng.Next(local)]));
                    break;
                case 1:
                    gates.Add(new GateOperation("rx", TestData.Rx(rng.NextDouble() * 3), [rng.Next(local)]));
                    break;
                case 2:
                    gates.Add(new GateOperation("u2", TestData.Unitary(2, rng), TestData.DistinctQubits(local, 2, rng)));
                    break;
                case 3:
                    gates.Add(new GateOperation(rng.Next(2) == 0 ? "cz" : "cp", rng.Next(2) == 0 ? TestData.Cz : TestData.Cp(rng.NextDouble()), TestData.DistinctQubits(n, 2, rng)));
                    break;
                case 4:
                    gates.Add(new GateOperation("rz", TestData.Rz(rng.NextDouble() * 3), [local + rng.Next(n - local)]));
                    break;
                case 5:
                    {
                        var t = rng.Next(local);
                        var controls = Enumerable.Range(0, n).Where(q => q != t).OrderBy(_ => rng.Next()).Take(1 + rng.Next(3)).ToArray();
                        gates.Add(new GateOperation("mcu", TestData.Unitary(1, rng), [t], controls, controls.Select(_ => rng.Next(2) == 0).ToArray()));
                        break;
                    }
                default:
                    gates.Add(new GateOperation("diag3", GateMatrix.Diagonal(TestData.RandomPhases(8, rng)), TestData.DistinctQubits(n, 3, rng)));
                    break;
            }
        }
        return gates;
    }
}
