using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Cli.Commands;
using VolunteerQuantum.Cli.Grid;
using VolunteerQuantum.Coordinator;
using VolunteerQuantum.Coordinator.Extensions;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Protos.V1;
using AccountKind = VolunteerQuantum.Coordinator.Storage.AccountKind;

namespace VolunteerQuantum.Cli.Tests;

/// <summary>`vq status --accounts`: the credit leaderboard as a table (and JSON), from a real coordinator.</summary>
public sealed class LeaderboardPrintTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vq-cli-credit-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    private static List<string> Lines(string text) => [.. text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0)];

    [Fact]
    public void PrintLeaderboard_Rows_RankAccountTotalRacValidHosts()
    {
        var board = new Leaderboard { AmplitudeUpdatesPerCredit = 1e9, HalfLifeDays = 7 };
        board.Accounts.Add(new AccountCredit { Rank = 1, Account = "alice", TotalCredit = 1234.5, RecentAverageCredit = 98.76543, ValidResults = 40, Hosts = 3 });
        board.Accounts.Add(new AccountCredit { Rank = 2, Account = "bob\u001b[2J", TotalCredit = 8e-9, RecentAverageCredit = 7.9e-10, ValidResults = 1, Hosts = 1 });
        board.Accounts.Add(new AccountCredit { Rank = 3, Account = "mallory", Hosts = 2 });
        using var text = new StringWriter();
        StatusCommand.PrintLeaderboard(text, board);
        Assert.Equal(
        [
            "RANK  ACCOUNT                TOTAL CREDIT          RAC    VALID  HOSTS",
            "   1  alice                      1234.500       98.765       40      3",
            // The escape sequence the coordinator passed on is stripped before the columns are padded.
            "   2  bob                         8.00E-9     7.90E-10        1      1",
            "   3  mallory                       0.000        0.000        0      2",
            "credit: 1 = 1E+9 amplitude updates of verified work; RAC: credit per day, half-life 7 days",
        ], Lines(text.ToString()));
    }

    [Fact]
    public async Task StatusAccounts_RealCoordinator_TableAndJsonInCreditOrder()
    {
        await using var coordinator = await EmbeddedCoordinator.StartAsync(new CoordinatorOptions
        {
            DataDirectory = Path.Combine(_root, "coordinator"),
            GrpcPort = 0,
            HttpPort = -1,
            ApiKeys = ["admin=key"],
            EnrollmentTokens = ["token"],
        }, l => l.ClearProviders());
        // Credit as the validator leaves it on the accounts (how it is earned is the coordinator tests' business).
        var store = coordinator.Services.GetRequiredService<GridStore>();
        var now = DateTime.UtcNow;
        store.Transaction(() =>
        {
            store.Accounts.Insert(new AccountRecord { Id = "alice", Kind = AccountKind.Volunteer, TotalCredit = 12.5, RecentCredit = 7, RecentCreditUtc = now, CreditedResults = 5 });
            store.Accounts.Insert(new AccountRecord { Id = "bob", Kind = AccountKind.Volunteer, TotalCredit = 30, RecentCredit = 1, RecentCreditUtc = now, CreditedResults = 9 });
            store.Hosts.Insert(new HostRecord { Id = "h1", Owner = "bob" });
            store.Hosts.Insert(new HostRecord { Id = "h2", Owner = "bob" });
            store.Hosts.Insert(new HostRecord { Id = "h3", Owner = "alice" });
        });
        using var grid = new GridConnection(coordinator.GrpcAddress.ToString(), apiKey: null, switched: TextWriter.Null);

        using var table = new StringWriter();
        await StatusCommand.PrintAccountsAsync(grid, json: false, table, CancellationToken.None);
        var lines = Lines(table.ToString());
        Assert.StartsWith("RANK  ACCOUNT", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^   1  bob +30\.000 +1\.000 +9 +2$", lines[1]);
        Assert.Matches(@"^   2  alice +12\.500 +7\.000 +5 +1$", lines[2]);
        // The token's account, with nothing yet; the admin (a researcher account) is no volunteer.
        Assert.Matches(@"^   3  default +0\.000 +0\.000 +0 +0$", lines[3]);
        Assert.Equal(5, lines.Count);

        using var json = new StringWriter();
        await StatusCommand.PrintAccountsAsync(grid, json: true, json, CancellationToken.None);
        using var document = System.Text.Json.JsonDocument.Parse(json.ToString());
        var accounts = document.RootElement.GetProperty("accounts").EnumerateArray().ToList();
        Assert.Equal(["bob", "alice", "default"], accounts.Select(a => a.GetProperty("account").GetString()));
        Assert.Equal(9, accounts[0].GetProperty("validResults").GetInt64());

        // The command itself, end to end (its output goes to the console).
        Assert.Equal(0, await VqCommand.Build().Parse(["status", "--accounts", "-c", coordinator.GrpcAddress.ToString(), "--api-key", "key"]).InvokeAsync());
    }
}
