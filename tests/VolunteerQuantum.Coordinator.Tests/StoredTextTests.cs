using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>Text from volunteers is stored printable only: no escape sequence reaches an operator's terminal.</summary>
public sealed class StoredTextTests
{
    // The test grid's leases lapse after a second without a heartbeat: too short on a loaded machine.
    private static void LongLeases(CoordinatorOptions options) => options.HeartbeatIntervalSeconds = 10;

    private const string Hostile = "\u001b[2J\u001b]0;pwned\u0007";

    [Theory]
    [InlineData("plain host-01", "plain host-01")]
    [InlineData("evil" + Hostile + "box", "evilbox")]
    [InlineData("\u001b[31mred\u001b[0m", "red")]
    [InlineData("\u009b2Jc1\u009d0;title\u009cok", "c1ok")]
    [InlineData("a\u001bPdcs-string\u001b\\b", "ab")]
    [InlineData("tab\there\nnext\rline", "tab here next line")]
    [InlineData("bidi\u202eevil\u202c zero\u200bwidth\u2066iso\u2069", "bidievil zerowidthiso")]
    [InlineData("bell\u0007 nul\0 del\u007f", "bell nul del")]
    [InlineData("Grüße, 量子, مرحبا, 🧪", "Grüße, 量子, مرحبا, 🧪")]
    [InlineData("cut at the end \u001b[", "cut at the end ")]
    [InlineData("tag \U000E0041char", "tag char")]
    public void Strip_ControlAndFormatCharacters_RemovedPrintableKept(string input, string expected) =>
        Assert.Equal(expected, StoredText.Strip(input));

    [Fact]
    public void Clean_LongText_StrippedThenCut() =>
        Assert.Equal("abc", StoredText.Clean("\u001b[1ma\u001b[0mbcdef", 3));

    [Fact]
    public void Strip_CleanText_ReturnsSameInstance()
    {
        var text = "nothing to strip";
        Assert.Same(text, StoredText.Strip(text));
    }

    [Fact]
    public async Task Register_HostileNames_StoredAndListedStripped()
    {
        await using var grid = await TestCoordinator.StartAsync(LongLeases);
        var capabilities = ScriptedVolunteer.Capabilities(1L << 30);
        capabilities.Os = "Linux" + Hostile;
        capabilities.DaemonVersion = "\u001b[5m1.0";
        capabilities.PausedReason = "user\u202e active";
        await grid.Volunteers.RegisterAsync(new RegisterRequest
        {
            EnrollmentToken = TestCoordinator.EnrollmentToken,
            Owner = "mallory" + Hostile,
            HostName = "box" + Hostile,
            Capabilities = capabilities,
        });
        var host = Assert.Single((await grid.Status.ListHostsAsync(new ListHostsRequest(), TestCoordinator.ApiKeyHeaders)).Hosts);
        Assert.Equal("box", host.Name);
        // The declared owner is a label, stripped; the account is the token's.
        Assert.Equal("mallory", host.OwnerLabel);
        Assert.Equal("default", host.Owner);
        Assert.Equal("user active", host.PausedReason);
        var status = await grid.Status.GetGridStatusAsync(new GridStatusRequest());
        Assert.DoesNotContain(status.ToString(), c => char.IsControl(c));
    }

    [Fact]
    public async Task SubmitResult_HostileErrorMessage_StoredStripped()
    {
        await using var grid = await TestCoordinator.StartAsync(LongLeases);
        await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 3 }, TestCoordinator.ApiKeyHeaders);
        var broken = await ScriptedVolunteer.RegisterAsync(grid, "broken");
        var lease = (await broken.RequestAsync())!;
        await broken.SubmitAsync(new ResultHeader { ReplicaId = lease.ReplicaId, Outcome = ResultOutcome.Error, ErrorMessage = "out of memory" + Hostile });
        var store = (GridStore)grid.Server.Services.GetService(typeof(GridStore))!;
        lock (store.Gate)
        {
            Assert.Equal("out of memory", store.Replicas.FindById(lease.ReplicaId)!.Message);
        }
    }
}
