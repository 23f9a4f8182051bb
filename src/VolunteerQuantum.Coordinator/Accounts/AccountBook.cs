using VolunteerQuantum.Coordinator.Auth;
using VolunteerQuantum.Coordinator.Scheduling;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Coordinator.Errors;

namespace VolunteerQuantum.Coordinator.Accounts;

/// <summary>
/// The operator's accounts and the credentials issued to them: a volunteer account gets enrollment
/// tokens, a researcher account API keys. Secrets are returned once, when issued; only their hashes
/// are stored.
/// </summary>
public sealed class AccountBook(GridStore store, TimeProvider clock)
{
    /// <summary>Creates an account; AlreadyExists if the (normalised) name is taken.</summary>
    public AccountRecord Add(string name, AccountKind kind, bool admin = false)
    {
        var id = Require(name);
        if (admin && kind != AccountKind.Researcher)
        {
            throw new GridException(Refusal.InvalidArgument, "only researcher accounts can be admins");
        }
        var account = new AccountRecord { Id = id, Kind = kind, Admin = admin, CreatedUtc = Now };
        store.Transaction(() =>
        {
            if (store.Accounts.FindById(id) is { } existing)
            {
                throw new GridException(Refusal.AlreadyExists, $"account '{id}' already exists ({existing.Kind.ToString().ToLowerInvariant()})");
            }
            store.Accounts.Insert(account);
        });
        return account;
    }

    /// <summary>
    /// The account, created if it does not exist yet (credentials from configuration name their
    /// account this way). Refuses an existing account of the other kind.
    /// </summary>
    public AccountRecord Ensure(string name, AccountKind kind, bool admin = false)
    {
        var id = Require(name);
        return store.Transaction(() =>
        {
            if (store.Accounts.FindById(id) is { } existing)
            {
                return existing.Kind == kind
                    ? existing
                    : throw new GridException(Refusal.FailedPrecondition, $"account '{id}' is a {existing.Kind.ToString().ToLowerInvariant()} account");
            }
            var account = new AccountRecord { Id = id, Kind = kind, Admin = admin, CreatedUtc = Now };
            store.Accounts.Insert(account);
            return account;
        });
    }

    /// <summary>Issues a new secret for the account: an enrollment token for volunteers, an API key for researchers.</summary>
    public string Issue(string name, string label)
    {
        var account = Get(name);
        var (kind, prefix) = account.Kind == AccountKind.Volunteer ? (CredentialKind.EnrollmentToken, "vqe_") : (CredentialKind.ApiKey, "vqk_");
        var secret = Secrets.NewSecret(prefix);
        Store(account, kind, secret, label);
        return secret;
    }

    /// <summary>Stores a given secret (from configuration) for the account; idempotent.</summary>
    public void Store(AccountRecord account, CredentialKind kind, string secret, string label)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        store.Transaction(() =>
        {
            var id = Secrets.Hash(secret);
            if (store.Credentials.FindById(id) is { } existing && existing.AccountId != account.Id)
            {
                throw new GridException(Refusal.AlreadyExists, $"that secret already belongs to account '{existing.AccountId}'");
            }
            store.Credentials.Upsert(new CredentialRecord { Id = id, Kind = kind, AccountId = account.Id, Label = label, CreatedUtc = Now });
        });
    }

    public AccountRecord Get(string name) =>
        store.Accounts.FindById(Require(name)) ?? throw new GridException(Refusal.NotFound, $"no account '{AccountNames.Normalize(name).Name}'");

    public IReadOnlyList<AccountRecord> List() => [.. store.Accounts.FindAll().OrderBy(a => a.Kind).ThenBy(a => a.Id)];

    /// <summary>Disables (bans) or re-enables an account; its credentials and hosts follow at once.</summary>
    public AccountRecord SetDisabled(string name, bool disabled, string? reason)
    {
        var id = Require(name);
        return store.Transaction(() =>
        {
            var account = store.Accounts.FindById(id) ?? throw new GridException(Refusal.NotFound, $"no account '{id}'");
            account.Disabled = disabled;
            account.DisabledReason = disabled ? (string.IsNullOrWhiteSpace(reason) ? "disabled by the operator" : reason.Trim()) : null;
            store.Accounts.Update(account);
            if (disabled && account.Kind == AccountKind.Volunteer)
            {
                var hosts = store.Hosts.OwnedBy(id).Select(h => h.Id).ToList();
                LeaseRevocation.AbortLeasesOf(store, hosts, $"volunteer account '{id}' was disabled: {account.DisabledReason}");
            }
            return account;
        });
    }

    private static string Require(string name)
    {
        var (id, error) = AccountNames.Normalize(name);
        return id ?? throw new GridException(Refusal.InvalidArgument, error!);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
