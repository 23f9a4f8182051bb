using Grpc.Core;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>Accounts, registration limits, bans, clamped capabilities and the admin service, against the real server.</summary>
public sealed class AccountTests
{
    private static RegisterRequest Registration(string token, string owner = "someone") => new()
    {
        EnrollmentToken = token,
        Owner = owner,
        HostName = "box",
        Capabilities = ScriptedVolunteer.Capabilities(1L << 30),
    };

    [Fact]
    public async Task HostOwner_IsTheTokensAccount_NeverTheDeclaredName()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var token = await grid.TokenForAsync("alice");
        // Declared owners that differ by a space, a zero-width space or a homoglyph change nothing.
        foreach (var declared in new[] { "bob", "alice ", "ali\u200bce", "\u0430lice", "" })
        {
            await grid.Volunteers.RegisterAsync(Registration(token, declared));
        }
        var hosts = (await grid.Status.ListHostsAsync(new ListHostsRequest(), TestCoordinator.ApiKeyHeaders)).Hosts;
        Assert.Equal(5, hosts.Count);
        Assert.All(hosts, h => Assert.Equal("alice", h.Owner));
        Assert.Contains(hosts, h => h.OwnerLabel == "alice");   // the zero-width space is stripped from the label
    }

    [Theory]
    [InlineData("Alice ", "alice")]
    [InlineData("  ALICE", "alice")]
    public async Task AccountNames_FoldToOneName(string typed, string stored)
    {
        await using var grid = await TestCoordinator.StartAsync();
        var issued = await grid.Admin.AddAccountAsync(new AddAccountRequest { Name = typed, Kind = AccountKind.Volunteer }, TestCoordinator.ApiKeyHeaders);
        Assert.Equal(stored, issued.Account.Name);
        var e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Admin.AddAccountAsync(new AddAccountRequest { Name = "alice", Kind = AccountKind.Volunteer }, TestCoordinator.ApiKeyHeaders));
        Assert.Equal(StatusCode.AlreadyExists, e.StatusCode);
    }

    [Theory]
    [InlineData("\u0430lice", "U+0430")]       // Cyrillic a
    [InlineData("ali\u200bce", "U+200B")]      // zero-width space
    [InlineData("ａｌｉｃｅ", "U+FF41")]         // full-width letters
    [InlineData("", "must not be empty")]
    public async Task AccountNames_LookalikesRefusedNamingTheCharacter(string name, string expected)
    {
        await using var grid = await TestCoordinator.StartAsync();
        var e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Admin.AddAccountAsync(new AddAccountRequest { Name = name, Kind = AccountKind.Volunteer }, TestCoordinator.ApiKeyHeaders));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains(expected, e.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain((await grid.Admin.ListAccountsAsync(new ListAccountsRequest(), TestCoordinator.ApiKeyHeaders)).Accounts, a => a.Name.StartsWith("ali", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AdminService_NeedsAnAdminKey()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var researcher = await grid.ResearcherAsync("lab");
        var e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Admin.ListAccountsAsync(new ListAccountsRequest(), researcher));
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Status.ListHostsAsync(new ListHostsRequest(), researcher));
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Admin.ListAccountsAsync(new ListAccountsRequest()));
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        // The last admin cannot lock every operator out.
        e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Admin.SetAccountDisabledAsync(new SetAccountDisabledRequest { Name = "admin", Disabled = true }, TestCoordinator.ApiKeyHeaders));
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        await grid.Admin.ListAccountsAsync(new ListAccountsRequest(), TestCoordinator.ApiKeyHeaders);
    }

    [Fact]
    public async Task Registration_RateLimitedPerToken_AndCappedPerAccount()
    {
        await using var grid = await TestCoordinator.StartAsync(o =>
        {
            o.RegistrationsPerTokenPerMinute = 3;
            o.MaxHostsPerAccount = 4;
        });
        var token = await grid.TokenForAsync("fast");
        for (var i = 0; i < 3; i++)
        {
            await grid.Volunteers.RegisterAsync(Registration(token));
        }
        var e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Volunteers.RegisterAsync(Registration(token)));
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Contains("at most 3 a minute", e.Status.Detail, StringComparison.Ordinal);

        // A second token of the same account is rate-limited on its own, but the account's cap holds.
        var second = (await grid.Admin.IssueCredentialAsync(new IssueCredentialRequest { Account = "fast" }, TestCoordinator.ApiKeyHeaders)).Secret;
        await grid.Volunteers.RegisterAsync(Registration(second));
        e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Volunteers.RegisterAsync(Registration(second)));
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Contains("Coordinator:MaxHostsPerAccount = 4", e.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(4, (await grid.Status.ListHostsAsync(new ListHostsRequest(), TestCoordinator.ApiKeyHeaders)).Hosts.Count);
    }

    [Fact]
    public async Task DisabledAccountAndBannedHost_GetNoWork_AndSayWhy()
    {
        await using var grid = await TestCoordinator.StartAsync();
        await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 10 }, TestCoordinator.ApiKeyHeaders);
        var shady = await ScriptedVolunteer.RegisterAsync(grid, "shady");
        var banned = await ScriptedVolunteer.RegisterAsync(grid, "fine");
        await grid.Admin.SetAccountDisabledAsync(new SetAccountDisabledRequest { Name = "shady", Disabled = true, Reason = "cheating" }, TestCoordinator.ApiKeyHeaders);
        var listed = await grid.Admin.SetHostBannedAsync(new SetHostBannedRequest { HostId = banned.HostId, Banned = true, Reason = "stolen machine" }, TestCoordinator.ApiKeyHeaders);
        Assert.True(listed.Banned);

        var reply = await shady.Client.RequestWorkAsync(new WorkRequest { Capabilities = ScriptedVolunteer.Capabilities(1L << 30) }, shady.Headers);
        Assert.Contains("account 'shady' is disabled: cheating", reply.NoWork.Reason, StringComparison.Ordinal);
        reply = await banned.Client.RequestWorkAsync(new WorkRequest { Capabilities = ScriptedVolunteer.Capabilities(1L << 30) }, banned.Headers);
        Assert.Contains("banned: stolen machine", reply.NoWork.Reason, StringComparison.Ordinal);
        var e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Volunteers.RegisterAsync(Registration(await grid.TokenForAsync("shady"))));
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);

        await grid.Admin.SetHostBannedAsync(new SetHostBannedRequest { HostId = banned.HostId, Banned = false }, TestCoordinator.ApiKeyHeaders);
        Assert.NotNull(await banned.RequestAsync());
    }

    [Fact]
    public async Task BannedHost_OpenLeaseTakenBack_LateResultRefused_UnitGoesToAnother()
    {
        await using var grid = await TestCoordinator.StartAsync();
        await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, MinQuorum = 1 }, TestCoordinator.ApiKeyHeaders);
        var host = await ScriptedVolunteer.RegisterAsync(grid, "suspect");
        var lease = (await host.RequestAsync())!;
        await grid.Admin.SetHostBannedAsync(new SetHostBannedRequest { HostId = host.HostId, Banned = true, Reason = "caught" }, TestCoordinator.ApiKeyHeaders);
        Assert.Equal(HeartbeatAction.Abort, (await host.HeartbeatAsync(lease.ReplicaId)).Action);
        var e = await Assert.ThrowsAsync<RpcException>(async () => await host.SubmitAsync(ScriptedVolunteer.Counts(lease.ReplicaId, ("00", 100))));
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        var other = await ScriptedVolunteer.RegisterAsync(grid, "other");
        Assert.Equal(lease.Task.UnitId, (await other.RequestAsync())!.Task.UnitId);
    }

    [Fact]
    public async Task ImplausibleCapabilities_Clamped()
    {
        await using var grid = await TestCoordinator.StartAsync(o => o.MaxUnitMemoryBytes = 64L << 30);
        var capabilities = new HostCapabilities { LogicalCores = 1_000_000, MemoryBytes = long.MaxValue, SimdWidthBits = 1000, AmplitudeUpdatesPerSecond = 1e30 };
        await grid.Volunteers.RegisterAsync(new RegisterRequest { EnrollmentToken = await grid.TokenForAsync("boast"), Capabilities = capabilities });
        var host = Assert.Single((await grid.Status.ListHostsAsync(new ListHostsRequest(), TestCoordinator.ApiKeyHeaders)).Hosts);
        Assert.Equal(64L << 30, host.MemoryBytes);
        Assert.Equal(4096, host.LogicalCores);
        Assert.Equal(0, host.SimdWidthBits);
        Assert.Equal(1e13, host.AmplitudeUpdatesPerSecond);
    }

    [Fact]
    public async Task InvalidResult_HalvesTheDailyQuota_UntilTheHostGetsNoMore()
    {
        await using var grid = await TestCoordinator.StartAsync(o => o.DailyResultQuota = 4);
        for (var i = 0; i < 3; i++)
        {
            await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = (ulong)(i + 1) }, TestCoordinator.ApiKeyHeaders);
        }
        var liar = await ScriptedVolunteer.RegisterAsync(grid, "liar");
        var honest = await ScriptedVolunteer.RegisterAsync(grid, "honest");
        var judge = await ScriptedVolunteer.RegisterAsync(grid, "judge");
        // Counts that do not add up to the shots break an invariant: invalid at once.
        var lease = (await liar.RequestAsync())!;
        await liar.SubmitAsync(ScriptedVolunteer.Counts(lease.ReplicaId, ("00", 1)));
        var record = Assert.Single((await grid.Status.ListHostsAsync(new ListHostsRequest(), TestCoordinator.ApiKeyHeaders)).Hosts, h => h.HostId == liar.HostId);
        Assert.Equal((1, 2, 1), (record.Invalid, record.DailyQuota, record.IssuedToday));
        lease = (await liar.RequestAsync())!;
        await liar.SubmitAsync(ScriptedVolunteer.Counts(lease.ReplicaId, ("00", 1)));
        var reply = await liar.Client.RequestWorkAsync(new WorkRequest { Capabilities = ScriptedVolunteer.Capabilities(1L << 30) }, liar.Headers);
        Assert.Contains("has had its 1 replicas for today", reply.NoWork.Reason, StringComparison.Ordinal);
        Assert.NotNull(await honest.RequestAsync());
        Assert.NotNull(await judge.RequestAsync());
    }
}
