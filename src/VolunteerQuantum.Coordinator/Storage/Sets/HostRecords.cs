using VolunteerQuantum.Coordinator.Storage.Backends;
using static VolunteerQuantum.Coordinator.Storage.Backends.StoreTables;

namespace VolunteerQuantum.Coordinator.Storage.Sets;

/// <summary>The volunteers' hosts, by the questions the grid asks of them.</summary>
public sealed class HostRecords(IRecordTable<HostRecord> table)
{
    public HostRecord? FindById(string id) => table.Find(id);

    public void Insert(HostRecord host) => table.Insert(host);

    public void Update(HostRecord host) => table.Update(host);

    public IEnumerable<HostRecord> FindAll() => table.All();

    public int Count() => table.Count();

    public IEnumerable<HostRecord> OwnedBy(string owner) => table.Where(HostFields.Owner, owner);

    public int CountOwnedBy(string owner) => table.Count(HostFields.Owner, owner);

    public IEnumerable<HostRecord> TrustedVerifiers() => table.Where(HostFields.TrustedVerifier, true);

    /// <summary>The most memory any registered host has (0 with none).</summary>
    public long LargestMemory() => table.Largest(HostFields.MemoryBytes, 1) is [var largest, ..] ? largest.MemoryBytes : 0;
}
