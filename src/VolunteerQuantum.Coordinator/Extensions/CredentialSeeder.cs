using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Coordinator.Accounts;
using VolunteerQuantum.Coordinator.Auth;
using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Coordinator.Extensions;

/// <summary>
/// Stores the API keys and enrollment tokens given in configuration, each in its account. A grid
/// started with none gets one of each, generated once and written (owner-readable only) to its data
/// directory, so a first start works without any set-up and the secrets never appear in logs: an
/// admin key (account <see cref="AdminAccount"/>) and a token of the volunteer account
/// <see cref="DefaultVolunteerAccount"/>. Only the generated key, or one given as "admin=KEY", is an admin's.
/// </summary>
public sealed partial class CredentialSeeder(AccountBook accounts, Credentials credentials, GridStore store, IOptions<CoordinatorOptions> options, ILogger<CredentialSeeder> logger) : IHostedService
{
    public const string ApiKeyFile = "api-key";
    public const string EnrollmentTokenFile = "enrollment-token";
    public const string AdminAccount = "admin";
    public const string DefaultVolunteerAccount = "default";
    public const string SharedResearcherAccount = "researchers";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        AdoptUnownedCredentials();
        var o = options.Value;
        // "NAME=SECRET" names the account (the account "admin" is the operators'); a bare key belongs
        // to the shared researcher account, a bare token to the default volunteer account. Bare keys
        // were everyone's before accounts existed: they must not become admin keys.
        foreach (var entry in o.ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k)))
        {
            var (name, key) = Split(entry, SharedResearcherAccount);
            var account = accounts.Ensure(name, AccountKind.Researcher, admin: name == AdminAccount);
            accounts.Store(account, CredentialKind.ApiKey, key, "configuration");
        }
        foreach (var entry in o.EnrollmentTokens.Where(t => !string.IsNullOrWhiteSpace(t)))
        {
            var (name, token) = Split(entry, DefaultVolunteerAccount);
            accounts.Store(accounts.Ensure(name, AccountKind.Volunteer), CredentialKind.EnrollmentToken, token, "configuration");
        }
        Generate(CredentialKind.ApiKey, ApiKeyFile, () => accounts.Ensure(AdminAccount, AccountKind.Researcher, admin: true));
        Generate(CredentialKind.EnrollmentToken, EnrollmentTokenFile, () => accounts.Ensure(DefaultVolunteerAccount, AccountKind.Volunteer));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Splits "NAME=SECRET"; a secret without a valid account name before '=' belongs to <paramref name="fallback"/>.</summary>
    public static (string Account, string Secret) Split(string entry, string fallback)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var trimmed = entry.Trim();
        var at = trimmed.IndexOf('=', StringComparison.Ordinal);
        if (at > 0 && at < trimmed.Length - 1 && AccountNames.Normalize(trimmed[..at]).Name is { } name)
        {
            return (name, trimmed[(at + 1)..]);
        }
        return (fallback, trimmed);
    }

    /// <summary>
    /// Credentials stored before accounts existed: the generated key (still in its file) becomes the
    /// admin's, other keys the shared researcher account's, tokens the default volunteer account's.
    /// </summary>
    private void AdoptUnownedCredentials()
    {
        var unowned = store.Credentials.Unowned().ToList();
        var keyFile = Path.Combine(options.Value.DataDirectory, ApiKeyFile);
        var generated = File.Exists(keyFile) ? Secrets.Hash(File.ReadAllText(keyFile).Trim()) : null;
        foreach (var credential in unowned)
        {
            var account = credential.Kind == CredentialKind.EnrollmentToken ? accounts.Ensure(DefaultVolunteerAccount, AccountKind.Volunteer)
                : credential.Id == generated ? accounts.Ensure(AdminAccount, AccountKind.Researcher, admin: true)
                : accounts.Ensure(SharedResearcherAccount, AccountKind.Researcher);
            credential.AccountId = account.Id;
            store.Transaction(() => store.Credentials.Update(credential));
        }
    }

    private void Generate(CredentialKind kind, string fileName, Func<AccountRecord> account)
    {
        var path = Path.Combine(options.Value.DataDirectory, fileName);
        // Researchers' keys given in configuration are not an operator's: without an admin key, one is made.
        var admins = kind == CredentialKind.ApiKey ? store.Accounts.Admins().Select(a => a.Id).ToHashSet() : null;
        if (admins is null ? credentials.Any(kind) : store.Credentials.OfKind(kind).Any(c => admins.Contains(c.AccountId)))
        {
            return;
        }
        var secret = Secrets.NewSecret(kind == CredentialKind.ApiKey ? "vqk_" : "vqe_");
        WriteOwnerOnly(path, secret + "\n");
        accounts.Store(account(), kind, secret, "generated");
        LogGenerated(kind, path);
    }

    internal static void WriteOwnerOnly(string path, string content)
    {
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, fileOptions);
        writer.Write(content);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No {Kind} was configured: generated one and wrote it to {Path}")]
    private partial void LogGenerated(CredentialKind kind, string path);
}
