using System.Numerics;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Grid.Execution;
using VolunteerQuantum.Grid.Shards;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.Observables;

namespace VolunteerQuantum.Grid.Tests.Shards;

/// <summary>
/// The whole `shards` pipeline without the network: plan, per-shard execution as volunteers do it,
/// streaming reshuffles as the coordinator does them, and outputs read from the final shards.
/// </summary>
public sealed class ShardPipelineTests
{
    private const int Buffer = 1024;

    private static (ShardPlan Plan, IReadOnlyList<ShardBlob> Shards, MemoryShardBlobs Blobs, long PeakBuffer, int UnitsRun) Run(Circuit circuit, int local, bool restore, bool single = false)
    {
        var gates = circuit.Operations.OfType<GateOperation>().ToList();
        var plan = StagePlanner.Plan(gates, circuit.QubitCount, local, restore);
        var blobs = new MemoryShardBlobs();
        var reshuffler = new ShardReshuffler(blobs, Buffer);
        IReadOnlyList<ShardBlob> shards = Enumerable.Range(0, (int)plan.ShardCount).Select(i => new ShardBlob(i, null, i == 0 ? 1 : 0)).ToArray();
        var units = 0;
        for (var s = 0; s < plan.Stages.Count; s++)
        {
            var stage = plan.Stages[s];
            var next = new ShardBlob[shards.Count];
            for (var i = 0; i < shards.Count; i++)
            {
                var shard = shards[i];
                var first = s == 0 && i == 0;
                if (shard.IsZero && !first)
                {
                    next[i] = shard;   // all-zero shards are never sent out
                    continue;
                }
                units++;
                using var outcome = ShardExecutor.Execute(new ShardTaskSpec
                {
                    LocalQubits = local,
                    GlobalQubits = plan.GlobalQubits,
                    ShardIndex = i,
                    Gates = stage.Gates,
                    SinglePrecision = single,
                    UploadState = true,
                    StartsAtZeroState = first,
                }, first ? null : () => blobs.OpenRead(shard.Blob!), new ExecutionLimits { Threads = 1 }, null, CancellationToken.None);
                // The stage must not change a shard's norm².
                Assert.Equal(shard.NormSquared, outcome.Result.NormSquared, single ? 5 : 12);
                var bytes = outcome.StateChunks(4096).SelectMany(c => c.ToArray()).ToArray();
                next[i] = new ShardBlob(i, blobs.Put(bytes), outcome.Result.NormSquared);
            }
            shards = stage.Next is { } reshuffle ? reshuffler.Run(reshuffle, next, local, single) : next;
        }
        return (plan, shards, blobs, reshuffler.PeakBufferBytes, units);
    }

    private static Complex[] Whole(Circuit circuit)
    {
        using var result = new Simulator().Run(circuit, new SimulationRequest { KeepFinalState = true });
        var state = new Complex[result.FinalState!.Length];
        result.FinalState.CopyTo(0, state);
        return state;
    }

    [Theory]
    [InlineData(10, 6)]
    [InlineData(12, 8)]
    [InlineData(11, 7)]
    public void Pipeline_Amplitudes_EqualWholeSimulation_MemoryStaysBounded(int qubits, int local)
    {
        var circuit = StagePlannerTests.RandomCircuit(qubits, 6, seed: qubits);
        var (plan, shards, blobs, peak, _) = Run(circuit, local, restore: false);
        var outputs = new ShardOutputs(blobs, plan.LocalQubits, plan.FinalMapping, shards, false, Buffer);
        var expected = Whole(circuit);
        for (long x = 0; x < expected.Length; x += 37)
        {
            Assert.True((outputs.Amplitude(x) - expected[x]).Magnitude < 1e-12);
        }
        Assert.True(peak <= Buffer);
        Assert.True(peak < 16L << local, "the reshuffle never holds a whole shard");
        Assert.Equal(1.0, shards.Sum(s => s.NormSquared), 12);
    }

    [Fact]
    public void Pipeline_RestoredPlan_WritesTheStateInLogicalOrder()
    {
        var circuit = StagePlannerTests.RandomCircuit(10, 5, seed: 9);
        var (plan, shards, blobs, _, _) = Run(circuit, 6, restore: true);
        using var output = new MemoryStream();
        new ShardOutputs(blobs, plan.LocalQubits, plan.FinalMapping, shards, false, Buffer).WriteState(output);
        var bytes = output.ToArray();
        var expected = Whole(circuit);
        Assert.Equal(expected.Length * 16, bytes.Length);
        for (var x = 0; x < expected.Length; x++)
        {
            var actual = new Complex(BitConverter.ToDouble(bytes, x * 16), BitConverter.ToDouble(bytes, (x * 16) + 8));
            Assert.True((actual - expected[x]).Magnitude < 1e-12, $"amplitude {x}");
        }
    }

    [Fact]
    public void Pipeline_ZeroShardsBeforeTheFirstReshuffle_AreNeverRun()
    {
        var b = new CircuitBuilder(8);
        for (var q = 0; q < 4; q++)
        {
            b.Gate("h", Circuits.Gates.StandardGates.H, q);
        }
        var (_, shards, _, _, units) = Run(b.Build(), 4, restore: false);
        Assert.Equal(1, units);
        Assert.Equal(15, shards.Count(s => s.IsZero));
    }

    [Fact]
    public void Pipeline_Expectations_EqualTheEngineOnTheWholeState()
    {
        var circuit = StagePlannerTests.RandomCircuit(9, 5, seed: 4);
        var (plan, shards, blobs, _, _) = Run(circuit, 5, restore: false);
        var outputs = new ShardOutputs(blobs, plan.LocalQubits, plan.FinalMapping, shards, false, 256);
        var engine = new Simulator();
        using var whole = engine.Run(circuit, new SimulationRequest { KeepFinalState = true });
        foreach (var text in new[] { "Z0", "X8", "Y3 Y7", "0.5*Z0 Z1 + X2 Y6 Z8", "X0 X1 X2 X3 X4 X5 X6 X7 X8" })
        {
            var observable = PauliSum.Parse(text);
            Assert.Equal(engine.Expectation(whole.FinalState!, observable), outputs.Expectation(observable), 12);
        }
    }

    [Fact]
    public void Pipeline_Sampling_FollowsTheExactDistribution()
    {
        var circuit = StagePlannerTests.RandomCircuit(8, 4, seed: 2);
        var (plan, shards, blobs, _, _) = Run(circuit, 5, restore: false);
        const long shots = 50_000;
        var counts = new ShardOutputs(blobs, plan.LocalQubits, plan.FinalMapping, shards, false, 512).Sample(shots, seed: 17);
        Assert.Equal(shots, counts.Values.Sum());
        var exact = Whole(circuit).Select(a => a.Magnitude * a.Magnitude).ToArray();
        var tvd = 0.5 * exact.Select((p, x) => Math.Abs(p - (counts.GetValueOrDefault(x) / (double)shots))).Sum();
        // E[TVD] ≤ ½√(k/N), plus √(ln 10⁶ / 2N) for a 1e-6 false-alarm rate (McDiarmid).
        Assert.True(tvd < (0.5 * Math.Sqrt(256.0 / shots)) + Math.Sqrt(Math.Log(1e6) / (2.0 * shots)), $"TVD {tvd:G3}");
    }

    [Fact]
    public void Pipeline_SinglePrecision_AgreesToFloatTolerance()
    {
        var circuit = StagePlannerTests.RandomCircuit(10, 4, seed: 5);
        var (plan, shards, blobs, _, _) = Run(circuit, 6, restore: false, single: true);
        var outputs = new ShardOutputs(blobs, plan.LocalQubits, plan.FinalMapping, shards, true, Buffer);
        var expected = Whole(circuit);
        for (long x = 0; x < expected.Length; x += 13)
        {
            Assert.True((outputs.Amplitude(x) - expected[x]).Magnitude < 1e-5);
        }
    }
}
