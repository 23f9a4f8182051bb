using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.StateSpace;
using VolunteerQuantum.Simulation.Tests.Support;

namespace VolunteerQuantum.Simulation.Tests.Execution;

/// <summary>
/// Checkpoints between fused operations, and runs resumed from them: a resumed run must end in
/// exactly the state (bit for bit) and the counts of a run that was never interrupted.
/// </summary>
public sealed class CheckpointResumeTests
{
    private const int Qubits = 12;
    private const long Shots = 2000;
    private const ulong Seed = 77;

    [Theory]
    [InlineData(Precision.Double, 8)]
    [InlineData(Precision.Single, 8)]
    [InlineData(Precision.Double, 0)]
    public void Run_ResumedFromAnyCheckpoint_BitForBitEqualToUninterruptedRun(Precision precision, int chunkQubits)
    {
        var circuit = Circuit(seed: 21);
        var options = new SimulationOptions { Precision = precision, Threads = 2, ChunkQubits = chunkQubits };
        var (expectedState, expectedCounts, total) = Uninterrupted(circuit, options);

        var checkpoints = new List<(byte[] State, int Done)>();
        using (var saving = new Simulator(options).Run(circuit, Request(new SimulationCheckpointing
        {
            Interval = TimeSpan.Zero,
            Save = c =>
            {
                Assert.Equal(total, c.FusedOperationsTotal);
                Assert.Equal(CheckpointReason.Interval, c.Reason);
                checkpoints.Add((Bytes(c.State), c.FusedOperationsDone));
            },
        })))
        {
            // Checkpoints change nothing about the run itself.
            Assert.Equal(expectedState, Bytes(saving.FinalState!));
        }
        Assert.True(checkpoints.Count >= 3, $"only {checkpoints.Count} checkpoints");
        Assert.True(checkpoints.Select(c => c.Done).SequenceEqual(checkpoints.Select(c => c.Done).Order().Distinct()));
        Assert.All(checkpoints, c => Assert.InRange(c.Done, 1, total - 1));

        foreach (var (saved, done) in new[] { checkpoints[0], checkpoints[checkpoints.Count / 2], checkpoints[^1] })
        {
            var progress = new List<SimulationProgress>();
            using var resumed = new Simulator(options with { Threads = 1 }).Run(circuit, Request(new SimulationCheckpointing
            {
                ResumeFrom = new SimulationResume { FusedOperationsDone = done, FusedOperationsTotal = total, Load = s => s.CopyFromInterleavedBytes(0, saved) },
            }), new SyncProgress<SimulationProgress>(progress.Add));
            Assert.Equal(expectedState, Bytes(resumed.FinalState!));
            Assert.Equal(expectedCounts, resumed.Counts!.ToUInt64Keys());
            // The resumed run starts where the checkpoint was and never repeats an operation.
            Assert.Equal(done, progress[0].FusedOperationsDone);
            Assert.Equal(total, progress[^1].FusedOperationsDone);
        }
    }

    [Fact]
    public void Run_Cancelled_OffersALastCheckpoint_FromWhichTheRunCompletes()
    {
        var circuit = Circuit(seed: 22);
        var options = new SimulationOptions { Threads = 1, ChunkQubits = 8 };
        var (expectedState, expectedCounts, total) = Uninterrupted(circuit, options);

        using var cancel = new CancellationTokenSource();
        SimulationCheckpoint? last = null;
        byte[]? saved = null;
        var progress = new SyncProgress<SimulationProgress>(p =>
        {
            if (p.FusedOperationsDone >= total / 2)
            {
                cancel.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => new Simulator(options).Run(circuit, Request(new SimulationCheckpointing
        {
            Interval = TimeSpan.FromHours(1),
            Save = c =>
            {
                last = c;
                saved = Bytes(c.State);
            },
        }), progress, cancel.Token));
        Assert.NotNull(last);
        Assert.Equal(CheckpointReason.Cancellation, last.Value.Reason);
        Assert.InRange(last.Value.FusedOperationsDone, total / 2, total - 1);

        using var resumed = new Simulator(options).Run(circuit, Request(new SimulationCheckpointing
        {
            ResumeFrom = new SimulationResume { FusedOperationsDone = last.Value.FusedOperationsDone, FusedOperationsTotal = total, Load = s => s.CopyFromInterleavedBytes(0, saved) },
        }));
        Assert.Equal(expectedState, Bytes(resumed.FinalState!));
        Assert.Equal(expectedCounts, resumed.Counts!.ToUInt64Keys());
    }

    [Fact]
    public void Run_CancelledWithoutSaveOnCancellation_OffersNothing()
    {
        var circuit = Circuit(seed: 23);
        using var cancel = new CancellationTokenSource();
        var saves = 0;
        var progress = new SyncProgress<SimulationProgress>(p => cancel.Cancel());
        Assert.ThrowsAny<OperationCanceledException>(() => new Simulator(new SimulationOptions { Threads = 1, ChunkQubits = 8 }).Run(circuit, Request(new SimulationCheckpointing
        {
            Interval = TimeSpan.FromHours(1),
            SaveOnCancellation = false,
            Save = _ => saves++,
        }), progress, cancel.Token));
        Assert.Equal(0, saves);
    }

    [Fact]
    public void Run_ResumeFromAnotherCircuitsCheckpoint_Refused()
    {
        var circuit = Circuit(seed: 24);
        var total = new Simulator().Fuse(circuit.Operations.OfType<GateOperation>().ToList(), Qubits).Count;
        var loaded = false;
        var error = Assert.Throws<InvalidOperationException>(() => new Simulator().Run(circuit, Request(new SimulationCheckpointing
        {
            ResumeFrom = new SimulationResume { FusedOperationsDone = 3, FusedOperationsTotal = total + 1, Load = _ => loaded = true },
        })));
        Assert.Contains("not made by this circuit", error.Message, StringComparison.Ordinal);
        Assert.False(loaded);
    }

    [Fact]
    public void Run_DynamicCircuit_ResumedPrefixGivesTheSameCounts()
    {
        var rng = new Random(25);
        var b = new CircuitBuilder(Qubits, 2);
        foreach (var g in RandomCircuits.Gates(Qubits, 300, rng))
        {
            b.Add(g);
        }
        b.Measure(0, 0);
        b.Add(new ConditionalOperation(new ClassicalCondition([0], 1), [new GateOperation("x", TestData.X, [1])], []));
        b.Measure(1, 1);
        var circuit = b.Build();
        var options = new SimulationOptions { Threads = 1, ChunkQubits = 8 };
        var request = new SimulationRequest { Shots = Shots, Seed = Seed };
        using var plain = new Simulator(options).Run(circuit, request);
        Assert.True(plain.IsDynamic);

        (byte[] State, int Done, int Total)? middle = null;
        var seen = 0;
        using (new Simulator(options).Run(circuit, request with
        {
            Checkpointing = new SimulationCheckpointing { Interval = TimeSpan.Zero, Save = c => middle = seen++ == 2 ? (Bytes(c.State), c.FusedOperationsDone, c.FusedOperationsTotal) : middle },
        }))
        {
        }
        Assert.NotNull(middle);
        using var resumed = new Simulator(options).Run(circuit, request with
        {
            Checkpointing = new SimulationCheckpointing
            {
                ResumeFrom = new SimulationResume { FusedOperationsDone = middle.Value.Done, FusedOperationsTotal = middle.Value.Total, Load = s => s.CopyFromInterleavedBytes(0, middle.Value.State) },
            },
        });
        Assert.Equal(plain.Counts!.ToUInt64Keys(), resumed.Counts!.ToUInt64Keys());
    }

    private static (byte[] State, IReadOnlyDictionary<ulong, long> Counts, int Total) Uninterrupted(Circuit circuit, SimulationOptions options)
    {
        using var run = new Simulator(options).Run(circuit, Request(null));
        return (Bytes(run.FinalState!), run.Counts!.ToUInt64Keys(), run.FusedGateCount);
    }

    private static SimulationRequest Request(SimulationCheckpointing? checkpointing) => new()
    {
        Shots = Shots,
        Seed = Seed,
        KeepFinalState = true,
        Checkpointing = checkpointing,
    };

    /// <summary>Random gates on every qubit, then terminal measurements of all of them.</summary>
    private static Circuit Circuit(int seed)
    {
        var b = new CircuitBuilder(Qubits, Qubits);
        foreach (var g in RandomCircuits.Gates(Qubits, 400, new Random(seed)))
        {
            b.Add(g);
        }
        for (var q = 0; q < Qubits; q++)
        {
            b.Measure(q, q);
        }
        return b.Build();
    }

    private static byte[] Bytes(StateVector state)
    {
        var bytes = new byte[state.Length * state.BytesPerAmplitude];
        state.CopyToInterleavedBytes(0, bytes);
        return bytes;
    }
}
