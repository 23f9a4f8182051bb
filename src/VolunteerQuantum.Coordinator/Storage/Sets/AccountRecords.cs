using VolunteerQuantum.Coordinator.Storage.Backends;
using static VolunteerQuantum.Coordinator.Storage.Backends.StoreTables;

namespace VolunteerQuantum.Coordinator.Storage.Sets;

/// <summary>The accounts of volunteers and researchers.</summary>
public sealed class AccountRecords(IRecordTable<AccountRecord> table)
{
    public AccountRecord? FindById(string id) => table.Find(id);

    public void Insert(AccountRecord account) => table.Insert(account);

    public void Update(AccountRecord account) => table.Update(account);

    public IEnumerable<AccountRecord> FindAll() => table.All();

    public IEnumerable<AccountRecord> Admins() => table.Where(AccountFields.Admin, true);
}
