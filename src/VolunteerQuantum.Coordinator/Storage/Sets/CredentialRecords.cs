using VolunteerQuantum.Coordinator.Storage.Backends;
using static VolunteerQuantum.Coordinator.Storage.Backends.StoreTables;

namespace VolunteerQuantum.Coordinator.Storage.Sets;

/// <summary>API keys and enrollment tokens (by the hash of the secret).</summary>
public sealed class CredentialRecords(IRecordTable<CredentialRecord> table)
{
    public CredentialRecord? FindById(string id) => table.Find(id);

    public void Insert(CredentialRecord credential) => table.Insert(credential);

    public void Update(CredentialRecord credential) => table.Update(credential);

    public void Upsert(CredentialRecord credential) => table.Upsert(credential);

    public IEnumerable<CredentialRecord> OfKind(CredentialKind kind) => table.Where(CredentialFields.Kind, kind);

    public bool AnyOfKind(CredentialKind kind) => table.Any(CredentialFields.Kind, kind);

    public IEnumerable<CredentialRecord> OfAccount(string accountId) => table.Where(CredentialFields.AccountId, accountId);

    /// <summary>Keys from before accounts existed, which belong to nobody yet.</summary>
    public IEnumerable<CredentialRecord> Unowned() => table.All().Where(c => string.IsNullOrEmpty(c.AccountId));
}
