using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using VolunteerQuantum.Coordinator.Credit;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Protos.V1;
using ProjectState = VolunteerQuantum.Protos.V1.ProjectState;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>
/// Credit on a real coordinator: honest hosts earn exactly their valid replicas' units' credit, a
/// liar nothing (not even for the result it returned honestly before it was caught), and judging
/// again or restarting changes no total.
/// </summary>
public sealed class CreditTests
{
    private static readonly (string, long)[] Truth = [("00", 48), ("11", 52)];
    private static readonly (string, long)[] Lie = [("01", 100)];

    /// <summary>
    /// Project A (two Bell units) and project B (one): mallory helps verify a unit of A honestly, then
    /// lies on B and is outvoted, so the unit of A is verified again with dave's fresh replica.
    /// Returns the hosts by account and each unit's credit.
    /// </summary>
    private static async Task<(Dictionary<string, ScriptedVolunteer> Hosts, double CreditA, double CreditB, string[] Projects)> PlayAsync(TestCoordinator grid)
    {
        var hosts = new Dictionary<string, ScriptedVolunteer>(StringComparer.Ordinal);
        foreach (var name in new[] { "alice", "bob", "carol", "dave", "mallory" })
        {
            hosts[name] = await ScriptedVolunteer.RegisterAsync(grid, name);
        }
        var a = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 200, ShotsPerUnit = 100, Seed = 5 }, TestCoordinator.ApiKeyHeaders);
        var (a0, a1) = ($"{a.Id}.0", $"{a.Id}.1");
        var m = await hosts["mallory"].LeaseOfAsync(a0);
        var al = await hosts["alice"].LeaseOfAsync(a0);
        await hosts["mallory"].SubmitAsync(ScriptedVolunteer.Counts(m.ReplicaId, Truth));
        await hosts["alice"].SubmitAsync(ScriptedVolunteer.Counts(al.ReplicaId, Truth));
        Assert.Equal(UnitState.Verified, grid.Unit(a0).State);
        Assert.Equal(CreditRule.ForCost(grid.Unit(a0).Cost), grid.Replica(m.ReplicaId).GrantedCredit);

        var b = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 6, Name = "b" }, TestCoordinator.ApiKeyHeaders);
        var b0 = $"{b.Id}.0";
        var lie = await hosts["mallory"].LeaseOfAsync(b0);
        var bb = await hosts["bob"].LeaseOfAsync(b0);
        await hosts["mallory"].SubmitAsync(ScriptedVolunteer.Counts(lie.ReplicaId, Lie));
        await hosts["bob"].SubmitAsync(ScriptedVolunteer.Counts(bb.ReplicaId, Truth));
        var decider = await hosts["carol"].LeaseOfAsync(b0);
        await hosts["carol"].SubmitAsync(ScriptedVolunteer.Counts(decider.ReplicaId, Truth));
        Assert.Equal(ProjectState.Completed, (await grid.EndedAsync(b.Id)).State);

        // Mallory was caught: its vote on A's unit is void (and its credit taken back), alice's kept.
        Assert.Equal(UnitState.Active, grid.Unit(a0).State);
        Assert.True(grid.Replica(m.ReplicaId).CreditRevoked);
        var fresh = await hosts["dave"].LeaseOfAsync(a0);
        await hosts["dave"].SubmitAsync(ScriptedVolunteer.Counts(fresh.ReplicaId, Truth));
        var b1 = await hosts["bob"].LeaseOfAsync(a1);
        var c1 = await hosts["carol"].LeaseOfAsync(a1);
        await hosts["bob"].SubmitAsync(ScriptedVolunteer.Counts(b1.ReplicaId, Truth));
        await hosts["carol"].SubmitAsync(ScriptedVolunteer.Counts(c1.ReplicaId, Truth));
        Assert.Equal(ProjectState.Completed, (await grid.EndedAsync(a.Id)).State);
        return (hosts, CreditRule.ForCost(grid.Unit(a0).Cost), CreditRule.ForCost(grid.Unit(b0).Cost), [a.Id, b.Id]);
    }

    private static async Task<Dictionary<string, AccountCredit>> BoardAsync(TestCoordinator grid) =>
        (await grid.Status.GetLeaderboardAsync(new LeaderboardRequest())).Accounts.ToDictionary(a => a.Account, StringComparer.Ordinal);

    [Fact]
    public async Task HonestAndLyingReplicas_HonestGetTheirUnitsCredit_LiarNothing_RejudgingAndRestartChangeNothing()
    {
        await using var grid = await TestCoordinator.StartAsync(o => o.SpotCheckFraction = 0);
        var (hosts, creditA, creditB, projects) = await PlayAsync(grid);
        Assert.True(creditA > 0 && creditB > 0);
        // Bell: 2 gates on 4 amplitudes, 8 amplitude updates per unit.
        Assert.Equal(8e-9, creditA, 1e-21);

        var expected = new Dictionary<string, (double Credit, long Valid)>(StringComparer.Ordinal)
        {
            ["alice"] = (creditA, 1),               // A.0 (judged twice, credited once)
            ["bob"] = (creditB + creditA, 2),       // B.0, A.1
            ["carol"] = (creditB + creditA, 2),     // B.0, A.1
            ["dave"] = (creditA, 1),                // A.0, after the re-verification
            ["mallory"] = (0, 0),                   // A.0 taken back, B.0 invalid
        };
        void Check(Dictionary<string, AccountCredit> board, string when)
        {
            foreach (var (account, (credit, valid)) in expected)
            {
                var row = board[account];
                Assert.True(Math.Abs(credit - row.TotalCredit) <= 1e-12 * credit, $"{when}: {account} has {row.TotalCredit}, expected {credit}");
                Assert.Equal(valid, row.ValidResults);
                Assert.Equal(1, row.Hosts);
                // All granted moments ago: RAC is the credit's ln2/7 per day, decayed by at most a few minutes.
                Assert.InRange(row.RecentAverageCredit, credit * RecentAverage.Weight * 0.999, (credit * RecentAverage.Weight * (1 + 1e-12)) + 1e-30);
            }
        }
        var board = await BoardAsync(grid);
        Check(board, "after the projects");
        // The same sum, from the records: every valid replica earns its unit's credit.
        var fromRecords = grid.Read(store => projects.SelectMany(p => store.Replicas.OfProject(p))
            .Where(r => r.State == ReplicaState.Valid)
            .GroupBy(r => r.Owner)
            .ToDictionary(g => g.Key, g => g.Sum(r => CreditRule.ForCost(store.Units.FindById(r.UnitId)!.Cost))));
        Assert.Equal(4, fromRecords.Count);
        Assert.DoesNotContain("mallory", fromRecords.Keys);
        Assert.All(fromRecords, kv => Assert.Equal(kv.Value, board[kv.Key].TotalCredit, 1e-20));
        var ranked = (await grid.Status.GetLeaderboardAsync(new LeaderboardRequest())).Accounts;
        Assert.Equal(["bob", "carol"], ranked.Take(2).Select(a => a.Account).Order(StringComparer.Ordinal));
        Assert.Equal([1, 2, 3, 4, 5, 6], ranked.Select(a => a.Rank));   // and the configured "default" account, last with none
        Assert.Equal(["default", "mallory"], ranked.Skip(4).Select(a => a.Account));   // no credit: by name

        // Per host too.
        var hostList = (await grid.Status.ListHostsAsync(new ListHostsRequest(), TestCoordinator.ApiKeyHeaders)).Hosts.ToDictionary(h => h.HostId);
        Assert.Equal(0, hostList[hosts["mallory"].HostId].TotalCredit);
        Assert.Equal(creditA, hostList[hosts["alice"].HostId].TotalCredit, 1e-20);

        // The validator judges every unit again: nothing is granted twice.
        var store = grid.Server.Services.GetRequiredService<GridStore>();
        store.Transaction(() =>
        {
            foreach (var unit in projects.SelectMany(p => store.Units.OfProject(p)).ToList())
            {
                unit.NeedsJudging = true;
                store.SaveUnit(unit);
            }
        });
        grid.Server.Services.GetRequiredService<Pipeline.PipelineSignals>().Validation.Raise();
        await Eventually.TrueAsync(() => grid.Read(s => s.Units.CountNeedingJudging()) == 0, "the units to be judged again");
        Check(await BoardAsync(grid), "judged again");

        // A restart on the same data directory keeps the totals.
        await grid.RestartAsync(o => o.SpotCheckFraction = 0);
        Check(await BoardAsync(grid), "after a restart");

        // /status carries the same leaderboard as JSON.
        using var http = new HttpClient { BaseAddress = grid.Server.HttpAddress };
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("/status", UriKind.Relative)));
        var leaderboard = json.RootElement.GetProperty("leaderboard");
        Assert.Equal(1e9, leaderboard.GetProperty("amplitudeUpdatesPerCredit").GetDouble());
        Assert.Equal(7, leaderboard.GetProperty("halfLifeDays").GetDouble());
        var rows = leaderboard.GetProperty("accounts").EnumerateArray().ToList();
        Assert.Equal(6, rows.Count);
        var first = rows[0];
        Assert.Equal(1, first.GetProperty("rank").GetInt32());
        Assert.Equal(2, first.GetProperty("validResults").GetInt64());
        Assert.Equal(creditA + creditB, first.GetProperty("totalCredit").GetDouble(), 1e-20);
    }

    [Fact]
    public async Task PrivateLeaderboard_OnlyForAdmins_NotInStatus()
    {
        await using var grid = await TestCoordinator.StartAsync(o => o.PublicLeaderboard = false);
        await ScriptedVolunteer.RegisterAsync(grid, "alice");
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await grid.Status.GetLeaderboardAsync(new LeaderboardRequest()));
        Assert.Contains(refused.StatusCode, new[] { StatusCode.Unauthenticated, StatusCode.PermissionDenied });
        var board = await grid.Status.GetLeaderboardAsync(new LeaderboardRequest(), TestCoordinator.ApiKeyHeaders);
        Assert.Contains(board.Accounts, a => a.Account == "alice" && a.Hosts == 1 && a.TotalCredit == 0);
        Assert.Null((await grid.Status.GetGridStatusAsync(new GridStatusRequest())).Leaderboard);
    }
}
