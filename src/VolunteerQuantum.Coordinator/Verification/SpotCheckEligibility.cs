using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Coordinator.Verification;

/// <summary>
/// Which trusted verifier may recompute which verified unit: one trusted now (not banned, its
/// account enabled), with the memory the unit needs, that holds no replica of it. The same rule
/// decides whether a check is worth choosing and which checks a verifier is offered, so no check is
/// chosen that no verifier online could run.
/// </summary>
public static class SpotCheckEligibility
{
    public static bool MayCheck(HostRecord host, UnitRecord unit)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(unit);
        return host.TrustedVerifier && !host.Banned && host.MemoryBytes >= unit.MemoryBytes && !unit.HostIds.Contains(host.Id);
    }

    /// <summary>Trusted verifiers seen within the online window whose accounts are enabled.</summary>
    public static List<HostRecord> OnlineVerifiers(GridStore store, DateTime onlineSince)
    {
        ArgumentNullException.ThrowIfNull(store);
        return [.. store.Hosts.TrustedVerifiers().Where(h => !h.Banned && h.LastSeenUtc >= onlineSince)
            .Where(h => AccountEnabled(store, h))];
    }

    /// <summary>Whether the host is a trusted verifier right now: marked so, not banned, its account enabled.</summary>
    public static bool IsTrusted(GridStore store, string hostId)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Hosts.FindById(hostId) is { TrustedVerifier: true, Banned: false } host && AccountEnabled(store, host);
    }

    private static bool AccountEnabled(GridStore store, HostRecord host) => store.Accounts.FindById(host.Owner) is not { Disabled: true };
}
