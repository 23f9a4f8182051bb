using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Coordinator.Credit;

/// <summary>
/// Grants credit for valid results to the replica's host and account, and takes it back when a
/// credited result is found invalid later (re-verification after its host was caught, or a
/// failed spot check). Called by the validator inside the transaction that records the verdict, so
/// the verdict and the grant are stored together or not at all; each replica records its own grant,
/// so a unit judged again (a pipeline retry, a restart, a re-verification, another coordinator on
/// the shared database) never grants twice.
/// </summary>
public sealed class CreditLedger(GridStore store)
{
    /// <summary>Credits a replica judged valid, once. Call inside a transaction, then save the replica.</summary>
    public void Grant(ReplicaRecord replica, UnitRecord unit, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(replica);
        ArgumentNullException.ThrowIfNull(unit);
        if (replica.CreditGrantedUtc is not null)
        {
            return;
        }
        var credit = CreditRule.ForCost(unit.Cost);
        replica.CreditGrantedUtc = now;
        replica.GrantedCredit = credit;
        var host = store.Hosts.FindById(replica.HostId);
        if (host is not null)
        {
            host.TotalCredit += credit;
            (host.RecentCredit, host.RecentCreditUtc) = new RecentAverage(host.RecentCredit, host.RecentCreditUtc).Grant(credit, now);
            store.Hosts.Update(host);
        }
        if (AccountOf(replica, host) is { } account)
        {
            account.TotalCredit += credit;
            account.CreditedResults++;
            (account.RecentCredit, account.RecentCreditUtc) = new RecentAverage(account.RecentCredit, account.RecentCreditUtc).Grant(credit, now);
            store.Accounts.Update(account);
        }
    }

    /// <summary>Takes back a credited replica's credit, once, now that it is judged invalid. Call inside a transaction, then save the replica.</summary>
    public void Revoke(ReplicaRecord replica, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(replica);
        if (replica.CreditGrantedUtc is not { } granted || replica.CreditRevoked)
        {
            return;
        }
        replica.CreditRevoked = true;
        var credit = replica.GrantedCredit;
        var host = store.Hosts.FindById(replica.HostId);
        if (host is not null)
        {
            host.TotalCredit = Math.Max(0, host.TotalCredit - credit);
            (host.RecentCredit, host.RecentCreditUtc) = new RecentAverage(host.RecentCredit, host.RecentCreditUtc).Revoke(credit, granted, now);
            store.Hosts.Update(host);
        }
        if (AccountOf(replica, host) is { } account)
        {
            account.TotalCredit = Math.Max(0, account.TotalCredit - credit);
            account.CreditedResults = Math.Max(0, account.CreditedResults - 1);
            (account.RecentCredit, account.RecentCreditUtc) = new RecentAverage(account.RecentCredit, account.RecentCreditUtc).Revoke(credit, granted, now);
            store.Accounts.Update(account);
        }
    }

    /// <summary>The account the replica was issued to (its host's, for replicas stored before they named one).</summary>
    private AccountRecord? AccountOf(ReplicaRecord replica, HostRecord? host)
    {
        var owner = !string.IsNullOrEmpty(replica.Owner) ? replica.Owner : host?.Owner;
        return string.IsNullOrEmpty(owner) ? null : store.Accounts.FindById(owner);
    }
}
