using Grpc.Core;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Coordinator.Errors;

namespace VolunteerQuantum.Coordinator.Auth;

/// <summary>Checks API keys (researchers), enrollment tokens (new hosts) and host secrets (registered hosts).</summary>
public sealed class Credentials(GridStore store)
{
    // Host ids and secret hashes never change once registered: every volunteer call checks them,
    // so they are kept in memory after the first lookup.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _hostSecrets = new(StringComparer.Ordinal);

    public const string ApiKeyHeader = "vq-api-key";
    public const string HostIdHeader = "vq-host-id";
    public const string HostSecretHeader = "vq-host-secret";

    public bool Any(CredentialKind kind) => store.Credentials.AnyOfKind(kind);

    /// <summary>The account (enabled or not) a secret of this kind belongs to, or null.</summary>
    public AccountRecord? AccountOf(CredentialKind kind, string? secret)
    {
        if (string.IsNullOrEmpty(secret) || store.Credentials.FindById(Secrets.Hash(secret)) is not { } record || record.Kind != kind)
        {
            return null;
        }
        return store.Accounts.FindById(record.AccountId);
    }

    /// <summary>The researcher calling, or Unauthenticated / PermissionDenied unless the call carries a valid key of an enabled account.</summary>
    public Researcher RequireApiKey(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ResearcherFor(context.RequestHeaders.GetValue(ApiKeyHeader));
    }

    /// <summary>The researcher a key belongs to (an HTTP header or gRPC metadata), else a GridException saying why not.</summary>
    public Researcher ResearcherFor(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw new GridException(Refusal.Unauthenticated, $"missing API key: send it in the '{ApiKeyHeader}' metadata entry (vq: --api-key or VQ_API_KEY)");
        }
        var account = AccountOf(CredentialKind.ApiKey, key) ?? throw new GridException(Refusal.Unauthenticated, "unknown API key");
        if (account.Disabled)
        {
            throw new GridException(Refusal.PermissionDenied, $"account '{account.Id}' is disabled: {account.DisabledReason}");
        }
        return new Researcher(account.Id, account.Admin);
    }

    /// <summary>The calling researcher, who must be an admin.</summary>
    public Researcher RequireAdmin(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return AdminFor(context.RequestHeaders.GetValue(ApiKeyHeader));
    }

    public Researcher AdminFor(string? key)
    {
        var researcher = ResearcherFor(key);
        return researcher.Admin
            ? researcher
            : throw new GridException(Refusal.PermissionDenied, $"account '{researcher.AccountId}' is not an admin: this needs an admin API key (the one in the coordinator's data directory, or one made with 'vq keys add NAME --admin')");
    }

    /// <summary>Returns the calling host's id, or throws Unauthenticated when its id or secret is missing or wrong.</summary>
    public string RequireHost(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.RequestHeaders.GetValue(HostIdHeader);
        var secret = context.RequestHeaders.GetValue(HostSecretHeader);
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret))
        {
            throw new GridException(Refusal.Unauthenticated, $"missing host credentials: send '{HostIdHeader}' and '{HostSecretHeader}' (from Register)");
        }
        if (!_hostSecrets.TryGetValue(id, out var hash))
        {
            hash = store.Hosts.FindById(id)?.SecretHash;
            if (hash is not null)
            {
                _hostSecrets[id] = hash;
            }
        }
        if (hash is null || !Secrets.Matches(secret, hash))
        {
            throw new GridException(Refusal.Unauthenticated, "unknown host or wrong host secret");
        }
        return id;
    }
}
