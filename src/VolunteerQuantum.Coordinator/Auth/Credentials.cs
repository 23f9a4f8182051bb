using Grpc.Core;
using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Coordinator.Auth;

/// <summary>Checks API keys (researchers), enrollment tokens (new hosts) and host secrets (registered hosts).</summary>
public sealed class Credentials(GridStore store, TimeProvider clock)
{
    // Host ids and secret hashes never change once registered: every volunteer call checks them,
    // so they are kept in memory after the first lookup.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _hostSecrets = new(StringComparer.Ordinal);

    public const string ApiKeyHeader = "vq-api-key";
    public const string HostIdHeader = "vq-host-id";
    public const string HostSecretHeader = "vq-host-secret";

    /// <summary>Stores a new credential of this kind (idempotent for a secret already stored).</summary>
    public void Add(CredentialKind kind, string secret, string label)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        store.Transaction(() => store.Credentials.Upsert(new CredentialRecord
        {
            Id = Secrets.Hash(secret),
            Kind = kind,
            Label = label,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        }));
    }

    public bool Any(CredentialKind kind) => store.Credentials.Exists(c => c.Kind == kind);

    public bool IsValid(CredentialKind kind, string? secret) =>
        !string.IsNullOrEmpty(secret) && store.Credentials.FindById(Secrets.Hash(secret)) is { } record && record.Kind == kind;

    /// <summary>Throws Unauthenticated unless the call carries a valid API key.</summary>
    public void RequireApiKey(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = context.RequestHeaders.GetValue(ApiKeyHeader);
        if (string.IsNullOrEmpty(key))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"missing API key: send it in the '{ApiKeyHeader}' metadata entry"));
        }
        if (!IsValid(CredentialKind.ApiKey, key))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "unknown API key"));
        }
    }

    /// <summary>Returns the calling host's id, or throws Unauthenticated when its id or secret is missing or wrong.</summary>
    public string RequireHost(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.RequestHeaders.GetValue(HostIdHeader);
        var secret = context.RequestHeaders.GetValue(HostSecretHeader);
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"missing host credentials: send '{HostIdHeader}' and '{HostSecretHeader}' (from Register)"));
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
            throw new RpcException(new Status(StatusCode.Unauthenticated, "unknown host or wrong host secret"));
        }
        return id;
    }
}
