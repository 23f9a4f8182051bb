using Microsoft.Extensions.Logging.Abstractions;
using VolunteerQuantum.Volunteer.Policy;
using VolunteerQuantum.Volunteer.Reporting;

namespace VolunteerQuantum.Volunteer.Tests.Reporting;

/// <summary>status.json: what the daemon writes, and what `vq volunteer status` prints from it.</summary>
public sealed class VolunteerStatusTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vq-status-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private VolunteerStatusReporter Reporter() => new(
        Microsoft.Extensions.Options.Options.Create(new VolunteerOptions { DataDirectory = _directory, Coordinator = "http://grid:7070" }),
        NullLogger<VolunteerStatusReporter>.Instance);

    [Fact]
    public void Reporter_StateFollowsPolicyAndReplica_WrittenAtOnce()
    {
        var reporter = Reporter();
        reporter.Connected("h1234");
        Assert.Equal(VolunteerState.Starting, VolunteerStatusFile.Read(_directory)!.State);

        reporter.Policy(new PolicyDecision { PausedReason = "on battery", Threads = 3, MemoryBytes = 1 << 30, Notes = ["no thermal zones"] });
        var paused = VolunteerStatusFile.Read(_directory)!;
        Assert.Equal(VolunteerState.Paused, paused.State);
        Assert.Equal("on battery", paused.PausedReason);
        Assert.Equal("h1234", paused.HostId);
        Assert.Equal(3, paused.Threads);
        Assert.Equal(Environment.ProcessId, paused.ProcessId);

        reporter.Policy(new PolicyDecision { Threads = 3, MemoryBytes = 1 << 30 });
        Assert.Equal(VolunteerState.Idle, VolunteerStatusFile.Read(_directory)!.State);

        reporter.ReplicaStarted(new ReplicaStatus { ReplicaId = "r1", UnitId = "u1" });
        Assert.Equal(VolunteerState.Computing, VolunteerStatusFile.Read(_directory)!.State);
        reporter.ReplicaSuspended("user active");
        var suspended = VolunteerStatusFile.Read(_directory)!;
        Assert.Equal(VolunteerState.Paused, suspended.State);
        Assert.Equal("user active", suspended.PausedReason);
        Assert.Equal("r1", suspended.Replica!.ReplicaId);

        reporter.Checkpointed(new CheckpointStatus { ReplicaId = "r1", FusedOperationsDone = 10, FusedOperationsTotal = 20 });
        reporter.ReplicaEnded(completed: true);
        var done = VolunteerStatusFile.Read(_directory)!;
        Assert.Equal(VolunteerState.Idle, done.State);
        Assert.Equal(1, done.Completed);
        Assert.Equal(10, done.LastCheckpoint!.FusedOperationsDone);
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));

        reporter.Stopped();
        Assert.Equal(VolunteerState.Stopped, VolunteerStatusFile.Read(_directory)!.State);
    }

    [Fact]
    public void Text_ShowsStateReplicaCheckpointAndNotes()
    {
        var now = new DateTime(2030, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        var status = new VolunteerStatus
        {
            State = VolunteerState.Paused,
            PausedReason = "user active (idle 0:10 of the 3:00 needed)",
            Coordinator = "http://grid:7070",
            HostId = "h42",
            Replica = new ReplicaStatus { ReplicaId = "r9", UnitId = "u9", Progress = 0.425, ResumedFromOperations = 1234 },
            LastCheckpoint = new CheckpointStatus { ReplicaId = "r9", FusedOperationsDone = 1234, FusedOperationsTotal = 2900, Bytes = 256L << 20, TimeUtc = now.AddSeconds(-12) },
            Threads = 7,
            MemoryBytes = 8L << 30,
            Notes = ["no CPU temperature information: not pausing for heat"],
            UpdatedUtc = now.AddSeconds(-2),
            ProcessId = 77,
        };
        var text = VolunteerStatusText.Format(status, now, processAlive: true);
        Assert.Contains("state         paused: user active (idle 0:10 of the 3:00 needed)", text, StringComparison.Ordinal);
        Assert.Contains("replica       r9 of unit u9: 42.5%, resumed from a checkpoint after 1234 fused operations", text, StringComparison.Ordinal);
        Assert.Contains("checkpoint    1234 of 2900 fused operations of r9, 12 s ago (256 MiB)", text, StringComparison.Ordinal);
        Assert.Contains("lending       7 thread(s), 8 GiB", text, StringComparison.Ordinal);
        Assert.Contains("note          no CPU temperature information", text, StringComparison.Ordinal);

        Assert.StartsWith("state         not running (last seen 2 s ago, as paused", VolunteerStatusText.Format(status, now, processAlive: false), StringComparison.Ordinal);
    }

    [Fact]
    public void Print_NoStatusFile_SaysWhereItLooked_ExitCode1()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(1, VolunteerStatusText.Print(Path.Combine(_directory, "nothing"), json: false, output, error));
        Assert.Contains("no volunteer status found in", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Print_Json_IsTheFile()
    {
        Reporter().Connected("h7");
        using var output = new StringWriter();
        Assert.Equal(0, VolunteerStatusText.Print(_directory, json: true, output, TextWriter.Null));
        Assert.Contains("\"hostId\": \"h7\"", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"state\": \"starting\"", output.ToString(), StringComparison.Ordinal);
    }
}
