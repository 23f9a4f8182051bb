using System.CommandLine;
using Google.Protobuf;
using VolunteerQuantum.Cli.Output;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Cli.Commands;

/// <summary>`vq status`: the grid's status as a table (or JSON), from the gRPC status service.</summary>
internal static class StatusCommand
{
    public static Command Build()
    {
        var client = new GridClientOptions();
        var json = new Option<bool>("--json") { Description = "Print JSON (the same document as GET /status, /hosts with --hosts, or the leaderboard with --accounts)" };
        var hosts = new Option<bool>("--hosts") { Description = "List the volunteer hosts with their accounts, trust, quotas and records (needs an admin key)" };
        var accounts = new Option<bool>("--accounts") { Description = "The credit leaderboard: volunteer accounts by total credit, with recent average credit, valid results and hosts" };
        var command = new Command("status", "Show the grid's status: volunteers, projects, units, throughput, verification");
        command.Options.Add(json);
        command.Options.Add(hosts);
        command.Options.Add(accounts);
        client.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            using var grid = client.Connect(parse);
            if (parse.GetValue(hosts))
            {
                var list = await grid.Status.ListHostsAsync(new ListHostsRequest(), grid.Headers, cancellationToken: cancellationToken);
                if (parse.GetValue(json))
                {
                    Console.Out.WriteLine(VolunteerQuantum.Protos.ProtoJson.Format(list));
                }
                else
                {
                    PrintHosts(Console.Out, list);
                }
                return 0;
            }
            if (parse.GetValue(accounts))
            {
                await PrintAccountsAsync(grid, parse.GetValue(json), Console.Out, cancellationToken);
                return 0;
            }
            var s = await grid.Status.GetGridStatusAsync(new GridStatusRequest(), cancellationToken: cancellationToken);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(VolunteerQuantum.Protos.ProtoJson.Format(s));
                return 0;
            }
            Print(Console.Out, s);
            return 0;
        }));
        return command;
    }

    public static void PrintHosts(TextWriter o, ListHostsResponse list)
    {
        o.WriteLine($"{"HOST",-18} {"NAME",-16} {"ACCOUNT",-12} {"STATE",-8} {"TRUST",-9} {"QUOTA",11} {"VALID",6} {"INVALID",8} {"ERRORS",7} {"TIMEOUTS",9}  CORES  MEMORY");
        foreach (var h in list.Hosts)
        {
            var state = h.Banned || h.AccountDisabled ? "banned" : !h.Online ? "offline" : !string.IsNullOrEmpty(h.PausedReason) ? "paused" : h.Busy ? "busy" : "idle";
            var trust = h.TrustedVerifier ? "verifier" : h.Reliable ? "reliable" : h.Invalid > 0 && h.ConsecutiveValid == 0 ? "suspect" : "new";
            var quota = $"{h.IssuedToday}/{h.DailyQuota}";
            o.WriteLine($"{TerminalText.Clean(h.HostId),-18} {Clip(h.Name, 16),-16} {Clip(h.Owner, 12),-12} {state,-8} {trust,-9} {quota,11} {h.Valid,6} {h.Invalid,8} {h.Errors,7} {h.Timeouts,9}  {h.LogicalCores,5}  {h.MemoryBytes >> 20} MiB");
            if (h.Banned)
            {
                o.WriteLine($"{"",-18} banned: {TerminalText.Clean(h.BanReason)}");
            }
        }
    }

    /// <summary>`vq status --accounts [--json]`: the coordinator's leaderboard.</summary>
    public static async Task PrintAccountsAsync(Grid.GridConnection grid, bool json, TextWriter o, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(o);
        // The key goes along when there is one: a private leaderboard needs an admin's.
        var board = await grid.Status.GetLeaderboardAsync(new LeaderboardRequest(), grid.Headers, cancellationToken: cancellationToken);
        if (json)
        {
            await o.WriteLineAsync(VolunteerQuantum.Protos.ProtoJson.Format(board));
        }
        else
        {
            PrintLeaderboard(o, board);
        }
    }

    /// <summary>The leaderboard as a table, in the coordinator's order (by total credit), with the credit unit below.</summary>
    public static void PrintLeaderboard(TextWriter o, Leaderboard board)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(board);
        o.WriteLine($"{"RANK",4}  {"ACCOUNT",-20} {"TOTAL CREDIT",14} {"RAC",12} {"VALID",8} {"HOSTS",6}");
        foreach (var a in board.Accounts)
        {
            o.WriteLine(FormattableString.Invariant($"{a.Rank,4}  {Clip(a.Account, 20),-20} {Credit(a.TotalCredit),14} {Credit(a.RecentAverageCredit),12} {a.ValidResults,8} {a.Hosts,6}"));
        }
        if (board.Accounts.Count == 0)
        {
            o.WriteLine("no volunteer accounts");
        }
        o.WriteLine(FormattableString.Invariant($"credit: 1 = {board.AmplitudeUpdatesPerCredit:0.###E+0} amplitude updates of verified work; RAC: credit per day, half-life {board.HalfLifeDays:0.##} days"));
    }

    /// <summary>Three decimals, and enough significant digits for the small credit of small units.</summary>
    private static string Credit(double credit) =>
        credit == 0 || Math.Abs(credit) >= 0.001
            ? credit.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)
            : credit.ToString("0.00E+0", System.Globalization.CultureInfo.InvariantCulture);

    // Cleaned before clipping, so the columns line up whatever the host sent.
    private static string Clip(string s, int width)
    {
        var clean = TerminalText.Clean(s);
        return clean.Length <= width ? clean : clean[..(width - 1)] + "…";
    }

    public static void Print(TextWriter o, GridStatus s)
    {
        o.WriteLine($"coordinator   version {TerminalText.Clean(s.Version)}, up since {s.Started.ToDateTime():u}");
        o.WriteLine($"volunteers    {s.Hosts.Registered} registered, {s.Hosts.Online} online, {s.Hosts.Busy} busy, {s.Hosts.Paused} paused");
        o.WriteLine($"projects      {Counts(s.Projects)}");
        o.WriteLine($"units         {Counts(s.Units)}");
        o.WriteLine($"replicas      {Counts(s.Replicas)}");
        o.WriteLine($"throughput    {s.Throughput.WorkRequestsPerSecond:0.00} work requests/s, {s.Throughput.ResultsPerMinute:0.0} results/min, {s.Throughput.UnitsVerifiedPerMinute:0.0} units verified/min (last {s.Throughput.WindowSeconds} s)");
        var v = s.Verification;
        o.WriteLine($"verification  {v.Agreements} agreements, {v.Disagreements} disagreements, {v.RejectedResults} rejected results, {v.Timeouts} timeouts, {v.Errors} errors");
        if (s.Pipeline is { } p)
        {
            o.WriteLine($"pipeline      {p.UnitsToJudge} unit(s) to judge, {p.StagesPending} stage(s) to advance, {p.AssimilationsPending} project(s) to assimilate, {p.LeaseRenewalsPending} lease renewal(s) held; {p.BlobsDeleted} blob(s) reaped ({p.BlobBytesDeleted >> 20} MiB)");
            foreach (var failing in p.Failing)
            {
                o.WriteLine($"failing       project {TerminalText.Clean(failing.ProjectId)}: {failing.Failures} failure(s) in a row, last: {TerminalText.Clean(failing.LastFailure)}");
            }
        }
        foreach (var paused in s.PausedHosts)
        {
            o.WriteLine($"paused        {TerminalText.Clean(string.IsNullOrEmpty(paused.HostName) ? paused.HostId : paused.HostName)}: {TerminalText.Clean(paused.Reason)}");
        }
    }

    private static string Counts(IEnumerable<StateCount> counts)
    {
        var text = string.Join(", ", counts.Select(c => $"{c.Count} {TerminalText.Clean(c.State)}"));
        return text.Length == 0 ? "none" : text;
    }
}
