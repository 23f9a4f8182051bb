using System.CommandLine;
using Google.Protobuf;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Cli.Commands;

/// <summary>
/// `vq accounts`, `vq keys`, `vq hosts`: the operator's commands (they need an admin API key).
/// Volunteer accounts hold hosts, researcher accounts hold projects; a secret is printed once.
/// </summary>
internal static class AccountCommands
{

    public static Command Accounts()
    {
        var command = new Command("accounts", "Volunteer and researcher accounts (admin key needed)");
        var name = new Argument<string>("name") { Description = "Account name (ASCII letters, digits, '.', '_', '-')" };
        var researcher = new Option<bool>("--researcher") { Description = "A researcher account (gets an API key) instead of a volunteer account (gets an enrollment token)" };
        command.Subcommands.Add(Admin("add", "Create an account and print its enrollment token (or API key): shown once", [name, researcher], async (grid, parse, ct) =>
        {
            var issued = await grid.Admin.AddAccountAsync(new AddAccountRequest
            {
                Name = parse.GetRequiredValue(name),
                Kind = parse.GetValue(researcher) ? AccountKind.Researcher : AccountKind.Volunteer,
            }, grid.Headers, cancellationToken: ct);
            PrintIssued(issued);
        }));
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        command.Subcommands.Add(Admin("list", "List the accounts with their hosts and projects", [json], async (grid, parse, ct) =>
        {
            var list = await grid.Admin.ListAccountsAsync(new ListAccountsRequest(), grid.Headers, cancellationToken: ct);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(VolunteerQuantum.Protos.ProtoJson.Format(list));
                return;
            }
            Console.Out.WriteLine($"{"ACCOUNT",-24} {"KIND",-10} {"HOSTS",6} {"PROJECTS",9}  STATE");
            foreach (var a in list.Accounts)
            {
                var kind = a.Kind == AccountKind.Researcher ? (a.Admin ? "admin" : "researcher") : "volunteer";
                Console.Out.WriteLine($"{a.Name,-24} {kind,-10} {a.Hosts,6} {a.Projects,9}  {(a.Disabled ? "disabled: " + a.DisabledReason : "enabled")}");
            }
        }));
        var disableName = new Argument<string>("name") { Description = "Account name" };
        var reason = new Option<string?>("--reason") { Description = "Why (shown to its hosts and in the audit log)" };
        command.Subcommands.Add(Admin("disable", "Disable (ban) an account: its keys and tokens stop working, its hosts get no work", [disableName, reason], async (grid, parse, ct) =>
            PrintAccount(await grid.Admin.SetAccountDisabledAsync(new SetAccountDisabledRequest { Name = parse.GetRequiredValue(disableName), Disabled = true, Reason = parse.GetValue(reason) ?? "" }, grid.Headers, cancellationToken: ct))));
        var enableName = new Argument<string>("name") { Description = "Account name" };
        command.Subcommands.Add(Admin("enable", "Enable a disabled account again", [enableName], async (grid, parse, ct) =>
            PrintAccount(await grid.Admin.SetAccountDisabledAsync(new SetAccountDisabledRequest { Name = parse.GetRequiredValue(enableName), Disabled = false }, grid.Headers, cancellationToken: ct))));
        var tokenName = new Argument<string>("name") { Description = "Account name" };
        command.Subcommands.Add(Admin("token", "Issue one more enrollment token (volunteer) or API key (researcher) for an account", [tokenName], async (grid, parse, ct) =>
            PrintIssued(await grid.Admin.IssueCredentialAsync(new IssueCredentialRequest { Account = parse.GetRequiredValue(tokenName) }, grid.Headers, cancellationToken: ct))));
        return command;
    }

    public static Command Keys()
    {
        var command = new Command("keys", "Researchers' API keys (admin key needed)");
        var name = new Argument<string>("account") { Description = "Researcher account: created if new" };
        var admin = new Option<bool>("--admin") { Description = "A new account may see and manage every project and run these commands" };
        command.Subcommands.Add(Admin("add", "Print a new API key for a researcher account (creating the account if new): shown once", [name, admin], async (grid, parse, ct) =>
        {
            var account = parse.GetRequiredValue(name);
            var known = (await grid.Admin.ListAccountsAsync(new ListAccountsRequest(), grid.Headers, cancellationToken: ct)).Accounts
                .FirstOrDefault(a => string.Equals(a.Name, account.Trim(), StringComparison.OrdinalIgnoreCase));
            if (known is not null && known.Kind != AccountKind.Researcher)
            {
                throw new UsageException($"'{known.Name}' is a volunteer account: API keys belong to researcher accounts");
            }
            if (known is not null && parse.GetValue(admin) && !known.Admin)
            {
                throw new UsageException($"account '{known.Name}' exists and is not an admin: --admin applies to new accounts only");
            }
            PrintIssued(known is null
                ? await grid.Admin.AddAccountAsync(new AddAccountRequest { Name = account, Kind = AccountKind.Researcher, Admin = parse.GetValue(admin) }, grid.Headers, cancellationToken: ct)
                : await grid.Admin.IssueCredentialAsync(new IssueCredentialRequest { Account = known.Name }, grid.Headers, cancellationToken: ct));
        }));
        return command;
    }

    public static Command Hosts()
    {
        var command = new Command("hosts", "Trust and bans of volunteer hosts (admin key needed; vq status --hosts lists them)");
        foreach (var (verb, trusted, description) in new[] { ("trust", true, "Make a host a trusted verifier (your own machine): it runs the spot checks"), ("untrust", false, "Make a trusted verifier an ordinary host again") })
        {
            var host = new Argument<string>("host") { Description = "Host id" };
            command.Subcommands.Add(Admin(verb, description, [host], async (grid, parse, ct) =>
                StatusCommand.PrintHosts(Console.Out, new ListHostsResponse { Hosts = { await grid.Admin.SetHostTrustedAsync(new SetHostTrustedRequest { HostId = parse.GetRequiredValue(host), Trusted = trusted }, grid.Headers, cancellationToken: ct) } })));
        }
        var banned = new Argument<string>("host") { Description = "Host id" };
        var reason = new Option<string?>("--reason") { Description = "Why (shown to the host and in the audit log)" };
        command.Subcommands.Add(Admin("ban", "Ban a host: it gets no more work", [banned, reason], async (grid, parse, ct) =>
            StatusCommand.PrintHosts(Console.Out, new ListHostsResponse { Hosts = { await grid.Admin.SetHostBannedAsync(new SetHostBannedRequest { HostId = parse.GetRequiredValue(banned), Banned = true, Reason = parse.GetValue(reason) ?? "" }, grid.Headers, cancellationToken: ct) } })));
        var unbanned = new Argument<string>("host") { Description = "Host id" };
        command.Subcommands.Add(Admin("unban", "Lift a host's ban", [unbanned], async (grid, parse, ct) =>
            StatusCommand.PrintHosts(Console.Out, new ListHostsResponse { Hosts = { await grid.Admin.SetHostBannedAsync(new SetHostBannedRequest { HostId = parse.GetRequiredValue(unbanned), Banned = false }, grid.Headers, cancellationToken: ct) } })));
        return command;
    }

    /// <summary>A subcommand with the grid client options that runs <paramref name="run"/> against the coordinator.</summary>
    private static Command Admin(string name, string description, Symbol[] symbols, Func<Grid.GridConnection, ParseResult, CancellationToken, Task> run)
    {
        var client = new GridClientOptions();
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
                default:
                    break;
            }
        }
        client.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            using var grid = client.Connect(parse);
            await run(grid, parse, cancellationToken);
            return 0;
        }));
        return command;
    }

    private static void PrintIssued(IssuedCredential issued)
    {
        var isVolunteer = issued.Account.Kind == AccountKind.Volunteer;
        // The secret alone on stdout, so `token=$(vq accounts add alice)` works; the rest on stderr.
        // A volunteer's token carries the coordinator's certificate pin when it serves TLS.
        Console.Out.WriteLine(isVolunteer && issued.EnrollmentString.Length > 0 ? issued.EnrollmentString : issued.Secret);
        Console.Error.WriteLine(isVolunteer
            ? $"enrollment token of volunteer account '{issued.Account.Name}' (shown once): vq volunteer --enroll TOKEN, or the installer's --enroll TOKEN"
            : $"API key of researcher account '{issued.Account.Name}'{(issued.Account.Admin ? " (admin)" : "")} (shown once): --api-key KEY or VQ_API_KEY");
    }

    private static void PrintAccount(AccountInfo a) =>
        Console.Out.WriteLine($"{a.Name}  {(a.Disabled ? "disabled: " + a.DisabledReason : "enabled")}");
}
