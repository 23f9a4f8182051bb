using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Grid.Paths;

namespace VolunteerQuantum.Grid.Tests.Paths;

public sealed class PathProgramTests
{
    private static PathProgram SmallProgram()
    {
        var circuit = PathsTestCircuits.TwoBlocksWithCrossings(6, ["cz", "swap", "ccx"], layers: 2, seed: 11);
        return PathProgram.Build(circuit, CutPlanner.Plan(circuit, 3)!);
    }

    [Fact]
    public void Build_CircuitWithTwoCuts_SegmentsInOrderOnLocalQubits()
    {
        var circuit = new CircuitBuilder(4)
            .Gate("h", StandardGates.H, 3)
            .Controlled("cz", StandardGates.Z, [1], 2)
            .Gate("x", StandardGates.X, 0)
            .Gate("swap", StandardGates.Swap, 0, 3)
            .Gate("gphase", StandardGates.GlobalPhase(0.5))
            .Gate("h", StandardGates.H, 2)
            .Build();
        var plan = new CutPlan
        {
            QubitsA = [0, 1],
            QubitsB = [2, 3],
            CutGates = 2,
            TermsPerCut = [2, 4],
            PathCount = 8,
            Log2PathCount = 3,
            Description = "test",
        };

        var program = PathProgram.Build(circuit, plan);

        Assert.Equal([2, 4], program.TermsPerCut);
        Assert.Equal(8, program.PathCount);
        Assert.Equal(["h"], program.B.Segments[0].Select(g => g.Name));
        Assert.Equal([1], program.B.Segments[0][0].Targets);          // logical q3 is local 1 of B
        Assert.Empty(program.A.Segments[0]);
        Assert.Equal(["x"], program.A.Segments[1].Select(g => g.Name));
        Assert.Equal(["gphase"], program.A.Segments[2].Select(g => g.Name));
        Assert.Equal([0], program.B.Segments[2][0].Targets);          // logical q2 is local 0 of B
        Assert.All(program.A.Terms.SelectMany(t => t).SelectMany(t => t).SelectMany(g => g.Qubits), q => Assert.InRange(q, 0, 1));
        Assert.All(program.B.Terms.SelectMany(t => t).SelectMany(t => t).SelectMany(g => g.Qubits), q => Assert.InRange(q, 0, 1));
        Assert.Equal(4, program.AmplitudesPerHalfState(0));
        Assert.Equal(4, program.AmplitudesPerHalfState(1));
    }

    [Fact]
    public void Build_DynamicCircuit_Refused()
    {
        var circuit = new CircuitBuilder(2, 1).Measure(0, 0).Gate("x", StandardGates.X, 0).Build();
        var plan = new CutPlan { QubitsA = [0], QubitsB = [1], CutGates = 0, TermsPerCut = [], PathCount = 1, Log2PathCount = 0, Description = "" };

        Assert.Throws<ArgumentException>(() => PathProgram.Build(circuit, plan));
    }

    [Fact]
    public void EncodeDecode_RoundTrip_SameProgram()
    {
        var program = SmallProgram();

        var bytes = program.Encode();
        var decoded = PathProgram.Decode(bytes);

        Assert.Equal(bytes, decoded.Encode());
        Assert.Equal(program.Qubits, decoded.Qubits);
        Assert.Equal(program.QubitsA, decoded.QubitsA);
        Assert.Equal(program.QubitsB, decoded.QubitsB);
        Assert.Equal(program.TermsPerCut, decoded.TermsPerCut);
        Assert.Equal(program.PathCount, decoded.PathCount);
        Assert.Equal(program.A.Terms[0][0][0].Matrix, decoded.A.Terms[0][0][0].Matrix);
    }

    [Fact]
    public void Decode_EveryTruncation_InvalidData()
    {
        var bytes = SmallProgram().Encode();

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => PathProgram.Decode(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Decode_Garbage_InvalidData()
    {
        var random = new Random(9);
        var bytes = SmallProgram().Encode();
        for (var trial = 0; trial < 200; trial++)
        {
            var garbage = new byte[random.Next(1, 300)];
            random.NextBytes(garbage);
            Assert.Throws<InvalidDataException>(() => PathProgram.Decode(garbage));
        }
        // Valid header, then noise: the counts it claims must not be believed.
        for (var trial = 0; trial < 200; trial++)
        {
            var damaged = (byte[])bytes.Clone();
            random.NextBytes(damaged.AsSpan(8 + random.Next(damaged.Length - 8)));
            try
            {
                PathProgram.Decode(damaged);
            }
            catch (InvalidDataException)
            {
            }
        }
    }

    [Fact]
    public void Decode_TrailingBytes_InvalidData()
    {
        var bytes = SmallProgram().Encode();

        Assert.Throws<InvalidDataException>(() => PathProgram.Decode([.. bytes, 0]));
    }

    [Fact]
    public void Decode_HugeClaimedCutCount_InvalidDataWithoutAllocating()
    {
        var bytes = SmallProgram().Encode();
        BitConverter.TryWriteBytes(bytes.AsSpan(12), int.MaxValue);

        var e = Assert.Throws<InvalidDataException>(() => PathProgram.Decode(bytes));
        Assert.Contains("cut gates", e.Message, StringComparison.Ordinal);
    }
}
