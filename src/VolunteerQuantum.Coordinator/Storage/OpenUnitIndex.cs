using VolunteerQuantum.Grid.Scheduling;

namespace VolunteerQuantum.Coordinator.Storage;

/// <summary>
/// The units that want replicas, in the order they are served (oldest project first, then unit
/// order), kept in memory beside LiteDB so that a work request never scans the units collection.
/// It mirrors the store: every unit write goes through <see cref="GridStore.SaveUnit"/>, and a
/// rolled-back transaction rebuilds it from the file.
/// </summary>
public sealed class OpenUnitIndex
{
    private readonly SortedSet<Entry> _entries = new(EntryOrder.Instance);
    private readonly Dictionary<string, Entry> _byId = new(StringComparer.Ordinal);

    /// <summary>What the scheduler needs to decide whether a host may take a replica, without reading the unit.</summary>
    public sealed record Entry(long Priority, string UnitId, string ProjectId, long MemoryBytes, UnitHolders Holders);

    public int Count => _entries.Count;

    public IEnumerable<Entry> InOrder() => _entries;

    public void Sync(UnitRecord unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (_byId.Remove(unit.Id, out var old))
        {
            _entries.Remove(old);
        }
        if (unit.State == UnitState.Active && unit.OpenSlots > 0)
        {
            var entry = new Entry(
                unit.Priority,
                unit.Id,
                unit.ProjectId,
                unit.MemoryBytes,
                new UnitHolders(
                    unit.HostIds.ToHashSet(StringComparer.Ordinal),
                    unit.Owners.ToHashSet(StringComparer.Ordinal),
                    unit.Networks.Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal)));
            _entries.Add(entry);
            _byId[unit.Id] = entry;
        }
    }

    public void Rebuild(IEnumerable<UnitRecord> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        _entries.Clear();
        _byId.Clear();
        foreach (var unit in units)
        {
            Sync(unit);
        }
    }

    private sealed class EntryOrder : IComparer<Entry>
    {
        public static readonly EntryOrder Instance = new();

        public int Compare(Entry? x, Entry? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }
            if (x is null || y is null)
            {
                return x is null ? -1 : 1;
            }
            var byPriority = x.Priority.CompareTo(y.Priority);
            return byPriority != 0 ? byPriority : string.CompareOrdinal(x.UnitId, y.UnitId);
        }
    }
}
