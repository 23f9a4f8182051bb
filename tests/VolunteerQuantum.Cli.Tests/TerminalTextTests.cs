using Google.Protobuf.WellKnownTypes;
using VolunteerQuantum.Cli.Commands;
using VolunteerQuantum.Cli.Output;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Cli.Tests;

/// <summary>Nothing a coordinator sends can drive the operator's terminal.</summary>
public sealed class TerminalTextTests
{
    private const string Hostile = "\u001b[2J\u001b]0;pwned\u0007";

    [Theory]
    [InlineData("box" + Hostile, "box")]
    [InlineData("\u001b[31mred\u001b[0m text", "red text")]
    [InlineData("rtl\u202e override", "rtl override")]
    [InlineData("C1\u009b2J csi", "C1 csi")]
    [InlineData("ordinary — text, 量子 🧪", "ordinary — text, 量子 🧪")]
    public void Clean_ServerText_ControlSequencesRemoved(string input, string expected) =>
        Assert.Equal(expected, TerminalText.Clean(input));

    [Fact]
    public void PrintHosts_HostileNamesAndOwners_PrintedWithoutControlCharacters()
    {
        var list = new ListHostsResponse();
        list.Hosts.Add(new HostInfo { HostId = "h1" + Hostile, Name = "box" + Hostile, Owner = Hostile + "mallory", Online = true, PausedReason = "" });
        using var output = new StringWriter();
        StatusCommand.PrintHosts(output, list);
        var text = output.ToString();
        Assert.DoesNotContain(text, c => char.IsControl(c) && c is not '\n' and not '\r');
        Assert.Contains("box", text, StringComparison.Ordinal);
        Assert.Contains("mallory", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pwned", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PrintStatus_HostilePausedReasonAndVersion_PrintedWithoutControlCharacters()
    {
        var status = new GridStatus { Version = "1.0" + Hostile, Started = Timestamp.FromDateTime(DateTime.UnixEpoch), Hosts = new HostCounts(), Throughput = new Throughput(), Verification = new VerificationOutcomes() };
        status.PausedHosts.Add(new PausedHost { HostId = "h1", HostName = "box" + Hostile, Reason = "user active" + Hostile });
        using var output = new StringWriter();
        StatusCommand.Print(output, status);
        Assert.DoesNotContain(output.ToString(), c => char.IsControl(c) && c is not '\n' and not '\r');
        Assert.Contains("box: user active", output.ToString(), StringComparison.Ordinal);
    }
}
