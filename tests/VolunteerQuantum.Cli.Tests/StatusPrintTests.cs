using Google.Protobuf.WellKnownTypes;
using VolunteerQuantum.Cli.Commands;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Cli.Tests;

/// <summary>`vq status` shows an operator what the pipeline services have left and where they are stuck.</summary>
public sealed class StatusPrintTests
{
    private static GridStatus Status() => new()
    {
        Version = "1.0.0",
        Started = Timestamp.FromDateTime(new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc)),
        Hosts = new HostCounts(),
        Throughput = new Throughput(),
        Verification = new VerificationOutcomes(),
    };

    [Fact]
    public void Pipeline_BacklogAndFailingProjects_Printed()
    {
        var status = Status();
        status.Pipeline = new PipelineStatus { UnitsToJudge = 3, StagesPending = 1, AssimilationsPending = 2, LeaseRenewalsPending = 40, BlobsDeleted = 7, BlobBytesDeleted = 5L << 20 };
        status.Pipeline.Failing.Add(new PipelineFailure { ProjectId = "p1", Failures = 2, LastFailure = "assimilator: IOException: disk\u001b[2J" });
        using var text = new StringWriter();
        StatusCommand.Print(text, status);
        var lines = text.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains("pipeline      3 unit(s) to judge, 1 stage(s) to advance, 2 project(s) to assimilate, 40 lease renewal(s) held; 7 blob(s) reaped (5 MiB)", lines);
        var failing = Assert.Single(lines, l => l.StartsWith("failing", StringComparison.Ordinal));
        Assert.StartsWith("failing       project p1: 2 failure(s) in a row, last: assimilator: IOException: disk", failing, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', failing);
    }

    [Fact]
    public void NoPipelineSection_FromAnOlderCoordinator_NoPipelineLine()
    {
        using var text = new StringWriter();
        StatusCommand.Print(text, Status());
        Assert.DoesNotContain("pipeline", text.ToString(), StringComparison.Ordinal);
    }
}
