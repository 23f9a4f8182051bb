using VolunteerQuantum.Simulation;
using VolunteerQuantum.Simulation.StateSpace;
using VolunteerQuantum.Volunteer.Checkpoints;

namespace VolunteerQuantum.Volunteer.Tests.Checkpoints;

/// <summary>The checkpoint file: what is written is read back exactly, and anything damaged is refused.</summary>
public sealed class CheckpointFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vq-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(Precision.Double)]
    [InlineData(Precision.Single)]
    public void WriteThenLoad_SameHeaderAssignmentAndStateBits(Precision precision)
    {
        var path = Path.Combine(_directory, "r1" + CheckpointFile.Extension);
        using var state = RandomState(10, precision);
        var header = Header(state);
        var assignment = new byte[] { 1, 2, 3, 250 };
        CheckpointFile.Write(path, header, assignment, state);
        Assert.False(File.Exists(path + ".tmp"));

        var stored = CheckpointFile.Verify(path);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(assignment)), stored.Header.AssignmentSha256);
        Assert.Equal(header with { AssignmentSha256 = stored.Header.AssignmentSha256 }, stored.Header);
        Assert.Equal(assignment, stored.Assignment);
        Assert.Equal(stored.Header, CheckpointFile.ReadHeader(path).Header);
        using var loaded = StateVector.Create(10, precision);
        CheckpointFile.LoadState(path, loaded);
        Assert.Equal(Bytes(state), Bytes(loaded));
    }

    [Fact]
    public void Verify_OneFlippedBitAnywhere_Refused()
    {
        var path = Path.Combine(_directory, "r2" + CheckpointFile.Extension);
        using var state = RandomState(8, Precision.Double);
        CheckpointFile.Write(path, Header(state), [9, 9], state);
        var original = File.ReadAllBytes(path);
        foreach (var position in new[] { 3, 20, original.Length / 2, original.Length - 40, original.Length - 1 })
        {
            var damaged = (byte[])original.Clone();
            damaged[position] ^= 0x10;
            File.WriteAllBytes(path, damaged);
            Assert.Throws<InvalidDataException>(() => CheckpointFile.Verify(path));
            using var target = StateVector.Create(8);
            Assert.Throws<InvalidDataException>(() => CheckpointFile.LoadState(path, target));
        }
    }

    [Fact]
    public void Verify_TruncatedOrExtended_Refused()
    {
        var path = Path.Combine(_directory, "r3" + CheckpointFile.Extension);
        using var state = RandomState(8, Precision.Double);
        CheckpointFile.Write(path, Header(state), [], state);
        var original = File.ReadAllBytes(path);
        foreach (var length in new[] { 5, 30, original.Length - 33, original.Length - 1 })
        {
            File.WriteAllBytes(path, original[..length]);
            Assert.Throws<InvalidDataException>(() => CheckpointFile.Verify(path));
        }
        File.WriteAllBytes(path, [.. original, 0]);
        Assert.Throws<InvalidDataException>(() => CheckpointFile.Verify(path));
    }

    [Fact]
    public void ReadHeader_DamagedState_HeaderAndAssignmentStillTrusted_DamagedAssignmentNot()
    {
        var path = Path.Combine(_directory, "r5" + CheckpointFile.Extension);
        using var state = RandomState(8, Precision.Double);
        CheckpointFile.Write(path, Header(state), [7, 7, 7], state);
        var bytes = File.ReadAllBytes(path);
        bytes[^100] ^= 1;
        File.WriteAllBytes(path, bytes);
        Assert.Throws<InvalidDataException>(() => CheckpointFile.Verify(path));
        Assert.Equal([7, 7, 7], CheckpointFile.ReadHeader(path).Assignment);

        bytes = File.ReadAllBytes(path);
        var assignmentAt = bytes.AsSpan().IndexOf(new byte[] { 7, 7, 7 });
        bytes[assignmentAt] = 8;
        File.WriteAllBytes(path, bytes);
        Assert.Throws<InvalidDataException>(() => CheckpointFile.ReadHeader(path));
    }

    [Fact]
    public void LoadState_IntoAStateOfAnotherSize_Refused()
    {
        var path = Path.Combine(_directory, "r4" + CheckpointFile.Extension);
        using var state = RandomState(8, Precision.Double);
        CheckpointFile.Write(path, Header(state), [], state);
        using var bigger = StateVector.Create(9);
        Assert.Throws<InvalidDataException>(() => CheckpointFile.LoadState(path, bigger));
    }

    [Fact]
    public void Store_NamesFilesAfterReplicas_RefusesPathsInIds_CleansTemporaryFiles()
    {
        var store = new CheckpointStore(Microsoft.Extensions.Options.Options.Create(new VolunteerOptions { DataDirectory = _directory }));
        Assert.Equal(Path.Combine(_directory, "checkpoints", "r0abc" + CheckpointFile.Extension), store.PathFor("r0abc"));
        Assert.Throws<ArgumentException>(() => store.PathFor("../../etc/passwd"));
        File.WriteAllText(store.PathFor("r1") + ".tmp", "half");
        File.WriteAllText(store.PathFor("r1"), "x");
        Assert.Equal([store.PathFor("r1")], store.Files());
        Assert.False(File.Exists(store.PathFor("r1") + ".tmp"));
        store.Delete("r1");
        Assert.Empty(store.Files());
    }

    private static CheckpointHeader Header(StateVector state) => new()
    {
        Coordinator = "http://127.0.0.1:7070",
        ReplicaId = "r1",
        UnitId = "u1",
        ProjectId = "p1",
        LeaseExpiryUtc = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        Precision = state.Precision == Precision.Single ? "single" : "double",
        Qubits = state.TotalQubits,
        FusedOperationsDone = 17,
        FusedOperationsTotal = 40,
        CircuitSha256 = new string('a', 64),
        DaemonVersion = "1.2.3",
        CreatedUtc = new DateTime(2029, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        StateBytes = state.Length * state.BytesPerAmplitude,
    };

    private static StateVector RandomState(int qubits, Precision precision)
    {
        var state = StateVector.Create(qubits, precision);
        var random = new Random(qubits);
        for (long i = 0; i < state.Length; i++)
        {
            state.SetAmplitude(i, new System.Numerics.Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5));
        }
        return state;
    }

    private static byte[] Bytes(StateVector state)
    {
        var bytes = new byte[state.Length * state.BytesPerAmplitude];
        state.CopyToInterleavedBytes(0, bytes);
        return bytes;
    }
}
