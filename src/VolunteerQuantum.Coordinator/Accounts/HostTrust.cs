using Microsoft.Extensions.Logging;
using VolunteerQuantum.Coordinator.Scheduling;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Coordinator.Errors;

namespace VolunteerQuantum.Coordinator.Accounts;

/// <summary>The operator's word on a host: a trusted verifier (their own machine), or banned.</summary>
public sealed partial class HostTrust(GridStore store, ILogger<HostTrust> logger)
{
    public void SetTrusted(string hostId, bool trusted) => Change(hostId, h => h.TrustedVerifier = trusted);

    /// <summary>Bans or unbans a host; a banned host gets no more work, and its open leases are taken back.</summary>
    public void SetBanned(string hostId, bool banned, string? reason)
    {
        var why = string.IsNullOrWhiteSpace(reason) ? "banned by the operator" : reason.Trim();
        Change(hostId, h =>
        {
            h.Banned = banned;
            h.BanReason = banned ? why : null;
            if (banned)
            {
                LeaseRevocation.AbortLeasesOf(store, [h.Id], $"the host was banned: {why}");
            }
        });
        LogBan(hostId, banned, banned ? why : "");
    }

    private void Change(string hostId, Action<HostRecord> change) => store.Transaction(() =>
    {
        var host = store.Hosts.FindById(hostId) ?? throw new GridException(Refusal.NotFound, $"no host '{hostId}' (vq status --hosts lists them)");
        change(host);
        store.Hosts.Update(host);
    });

    [LoggerMessage(EventId = 110, EventName = "HostBan", Level = LogLevel.Warning, Message = "Host {HostId} banned: {Banned} {Reason}")]
    private partial void LogBan(string hostId, bool banned, string reason);
}
