using System.Collections.Concurrent;

namespace VolunteerQuantum.Coordinator.Scheduling;

/// <summary>
/// Lease renewals kept in memory, as BOINC's feeder keeps its cache: an ordinary heartbeat only
/// reads the store and records its renewal here, and the lease sweeper writes the pending ones in
/// one transaction per sweep (<see cref="LeaseMonitor"/>). A renewal not yet written counts: the
/// sweeper never expires a lease renewed here. A crash loses only renewals, which the restart's
/// fresh heartbeat period for every open lease makes up for.
/// </summary>
public sealed class LeaseRenewals
{
    public sealed record Renewal(DateTime ExpiryUtc, double Progress);

    private readonly ConcurrentDictionary<string, Renewal> _pending = new(StringComparer.Ordinal);

    public int Count => _pending.Count;

    public void Renew(string replicaId, DateTime expiryUtc, double progress) =>
        _pending.AddOrUpdate(replicaId, new Renewal(expiryUtc, progress),
            (_, old) => new Renewal(old.ExpiryUtc > expiryUtc ? old.ExpiryUtc : expiryUtc, progress));

    /// <summary>The lease's expiry as renewed in memory, or null when nothing is pending for it.</summary>
    public DateTime? ExpiryOf(string replicaId) => _pending.TryGetValue(replicaId, out var renewal) ? renewal.ExpiryUtc : null;

    /// <summary>What is pending now, to be written.</summary>
    public IReadOnlyList<KeyValuePair<string, Renewal>> Pending() => [.. _pending];

    /// <summary>A renewal was written: forgotten, unless a newer one came in meanwhile.</summary>
    public void Written(string replicaId, Renewal renewal) => _pending.TryRemove(KeyValuePair.Create(replicaId, renewal));
}
