using System.Numerics;
using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Grid.Shards;
using VolunteerQuantum.Simulation;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Grid.Tests.Shards;

public sealed class StagePlannerTests
{
    private static readonly Simulator Engine = new(new SimulationOptions { Threads = 1 });

    /// <summary>A layered random circuit: ry/rx on every qubit, CZ between neighbours, a few CX and CP across.</summary>
    internal static Circuit RandomCircuit(int qubits, int layers, int seed)
    {
        var random = new Random(seed);
        var b = new CircuitBuilder(qubits);
        for (var layer = 0; layer < layers; layer++)
        {
            for (var q = 0; q < qubits; q++)
            {
                b.Gate(random.Next(2) == 0 ? "rx" : "ry", random.Next(2) == 0 ? StandardGates.RX(random.NextDouble() * 3) : StandardGates.RY(random.NextDouble() * 3), q);
            }
            for (var q = layer % 2; q + 1 < qubits; q += 2)
            {
                b.Controlled("cz", StandardGates.Z, [q], q + 1);
            }
            var a = random.Next(qubits);
            var c = (a + 1 + random.Next(qubits - 1)) % qubits;
            b.Controlled("cx", StandardGates.X, [a], c);
            b.Controlled("cp", StandardGates.Phase(random.NextDouble()), [c], a);
        }
        return b.Build();
    }

    /// <summary>Runs a plan shard by shard in memory, reshuffling as the plan says; returns the logical state.</summary>
    internal static Complex[] RunPlan(ShardPlan plan)
    {
        var l = plan.LocalQubits;
        var shards = Enumerable.Range(0, (int)plan.ShardCount).Select(s => StateVector.CreateShard(l, plan.GlobalQubits, s)).ToArray();
        shards[0].InitializeZeroState();
        foreach (var stage in plan.Stages)
        {
            foreach (var shard in shards)
            {
                Engine.ApplyToShard(shard, stage.Gates);
            }
            if (stage.Next is { } reshuffle)
            {
                var k = reshuffle.Width;
                var blockLength = 1L << (l - k);
                var next = Enumerable.Range(0, shards.Length).Select(s => StateVector.CreateShard(l, plan.GlobalQubits, s)).ToArray();
                var buffer = new Complex[blockLength];
                for (var s = 0; s < shards.Length; s++)
                {
                    for (long block = 0; block < 1L << k; block++)
                    {
                        var (source, sourceBlock) = reshuffle.Source(s, block, l);
                        shards[source].CopyTo(sourceBlock * blockLength, buffer);
                        next[s].CopyFrom(block * blockLength, buffer);
                    }
                }
                foreach (var old in shards)
                {
                    old.Dispose();
                }
                shards = next;
            }
        }
        var n = plan.Qubits;
        var logical = new Complex[1L << n];
        for (long physical = 0; physical < logical.Length; physical++)
        {
            logical[plan.FinalMapping.ToLogical(physical)] = shards[physical >> l].GetAmplitude(physical & ((1L << l) - 1));
        }
        foreach (var shard in shards)
        {
            shard.Dispose();
        }
        return logical;
    }

    private static Complex[] Whole(Circuit circuit)
    {
        using var result = Engine.Run(circuit, new SimulationRequest { KeepFinalState = true });
        var state = new Complex[result.FinalState!.Length];
        result.FinalState.CopyTo(0, state);
        return state;
    }

    [Theory]
    [InlineData(8, 4, 6, false)]
    [InlineData(10, 6, 8, false)]
    [InlineData(10, 6, 8, true)]
    [InlineData(12, 8, 5, true)]
    [InlineData(9, 3, 4, false)]
    public void Plan_RunShardByShard_EqualsWholeSimulation(int qubits, int local, int layers, bool restore)
    {
        var circuit = RandomCircuit(qubits, layers, seed: qubits * 31 + local);
        var gates = circuit.Operations.OfType<GateOperation>().ToList();
        var plan = StagePlanner.Plan(gates, qubits, local, restore);
        var expected = Whole(circuit);
        var actual = RunPlan(plan);
        var error = Math.Sqrt(expected.Zip(actual).Sum(p => Math.Pow((p.First - p.Second).Magnitude, 2)));
        Assert.True(error < 1e-12, $"‖Δ‖ = {error:G3}");
        if (restore)
        {
            Assert.All(Enumerable.Range(0, local), q => Assert.Equal(q, plan.FinalMapping.PhysicalOf(q)));
        }
    }

    [Fact]
    public void Plan_LayeredRandomCircuit_AboutOneStagePerLayer_FarFewerThanGates()
    {
        var circuit = RandomCircuit(16, 12, seed: 3);
        var gates = circuit.Operations.OfType<GateOperation>().ToList();
        var plan = StagePlanner.Plan(gates, 16, 12, restoreOrder: false);
        Assert.InRange(plan.Stages.Count, 2, 12 + 2);
        Assert.True(plan.Stages.Count * 10 < gates.Count);
    }

    [Fact]
    public void Plan_DiagonalGatesOnGlobalQubits_NeedNoReshuffle()
    {
        var b = new CircuitBuilder(6);
        for (var q = 0; q < 3; q++)
        {
            b.Gate("h", StandardGates.H, q);
        }
        b.Controlled("cz", StandardGates.Z, [0], 5);
        b.Gate("rz", StandardGates.RZ(0.3), 4);
        b.Controlled("cx", StandardGates.X, [5], 1);   // control on a global qubit: fine too
        var gates = b.Build().Operations.OfType<GateOperation>().ToList();
        var plan = StagePlanner.Plan(gates, 6, 3, restoreOrder: false);
        Assert.Single(plan.Stages);
        Assert.Equal(0, plan.Reshuffles);
    }

    [Fact]
    public void Plan_GateWiderThanAShard_Refused()
    {
        var wide = new GateOperation("cycle3", CyclicShift(3), [0, 1, 2]);
        var e = Assert.Throws<ArgumentException>(() => StagePlanner.Plan([wide], 6, 2, false));
        Assert.Contains("more than the 2 qubits of a shard", e.Message, StringComparison.Ordinal);
    }

    private static GateMatrix CyclicShift(int k)
    {
        var dim = 1 << k;
        var e = new Complex[dim * dim];
        for (var i = 0; i < dim; i++)
        {
            e[(i * dim) + ((i + 1) % dim)] = Complex.One;
        }
        return new GateMatrix(k, e);
    }

    [Fact]
    public void Reshuffle_Source_IsAnInvolutionOnShardAndBlock()
    {
        var r = new Reshuffle([7, 5]);
        for (long shard = 0; shard < 8; shard++)
        {
            for (long block = 0; block < 4; block++)
            {
                var (s, b) = r.Source(shard, block, localQubits: 5);
                Assert.Equal((shard, block), r.Source(s, b, 5));
            }
        }
    }
}
