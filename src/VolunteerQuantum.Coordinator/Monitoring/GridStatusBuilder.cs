using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Coordinator.Credit;
using VolunteerQuantum.Coordinator.Scheduling;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Coordinator.Verification;
using V1 = VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Coordinator.Errors;

namespace VolunteerQuantum.Coordinator.Monitoring;

/// <summary>
/// Builds the grid status once, as the gRPC message; /status serves the same message as JSON and
/// /metrics as Prometheus text, so the three can never disagree.
/// </summary>
public sealed class GridStatusBuilder(GridStore store, GridMetrics metrics, LeaseRenewals renewals, IOptions<CoordinatorOptions> options, TimeProvider clock)
{
    public static string Version { get; } =
        typeof(GridStatusBuilder).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public V1.GridStatus Build()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var onlineSince = now - TimeSpan.FromSeconds(options.Value.OnlineWindowSeconds);
        lock (store.Gate)
        {
            var hosts = store.Hosts.FindAll().ToList();
            var running = store.Replicas.InProgress().Select(r => r.HostId).ToHashSet();
            var online = hosts.Where(h => h.LastSeenUtc >= onlineSince).ToList();
            var status = new V1.GridStatus
            {
                Now = Timestamp.FromDateTime(DateTime.SpecifyKind(now, DateTimeKind.Utc)),
                Started = Timestamp.FromDateTime(DateTime.SpecifyKind(metrics.StartedUtc, DateTimeKind.Utc)),
                Version = Version,
                Hosts = new V1.HostCounts
                {
                    Registered = hosts.Count,
                    Online = online.Count,
                    Busy = hosts.Count(h => running.Contains(h.Id)),
                    Paused = online.Count(h => !string.IsNullOrEmpty(h.PausedReason)),
                },
                Throughput = new V1.Throughput
                {
                    WorkRequestsPerSecond = metrics.WorkRequests.PerSecond(),
                    ResultsPerMinute = metrics.Results.Total() * 60.0 / metrics.Results.WindowSeconds,
                    UnitsVerifiedPerMinute = metrics.UnitsVerified.Total() * 60.0 / metrics.UnitsVerified.WindowSeconds,
                    WindowSeconds = metrics.WorkRequests.WindowSeconds,
                },
                Verification = new V1.VerificationOutcomes
                {
                    Agreements = store.Counter(OutcomeCounters.Agreements),
                    Disagreements = store.Counter(OutcomeCounters.Disagreements),
                    RejectedResults = store.Counter(OutcomeCounters.Rejected),
                    Timeouts = store.Counter(OutcomeCounters.Timeouts),
                    Errors = store.Counter(OutcomeCounters.Errors),
                },
            };
            status.Projects.AddRange(Counts(store.Projects.CountByState()));
            status.Units.AddRange(Counts(store.Units.CountByState()));
            status.Replicas.AddRange(Counts(store.Replicas.CountByState()));
            status.PausedHosts.AddRange(online
                .Where(h => !string.IsNullOrEmpty(h.PausedReason))
                .Select(h => new V1.PausedHost { HostId = h.Id, HostName = h.Name, Reason = h.PausedReason }));
            status.Pipeline = Pipeline();
            if (options.Value.PublicLeaderboard)
            {
                status.Leaderboard = Leaderboard(hosts, now);
            }
            return status;
        }
    }

    /// <summary>The volunteer accounts by credit, with their RAC decayed to now.</summary>
    public V1.Leaderboard Leaderboard()
    {
        lock (store.Gate)
        {
            return Leaderboard(store.Hosts.FindAll().ToList(), clock.GetUtcNow().UtcDateTime);
        }
    }

    /// <summary>Call under the gate.</summary>
    private V1.Leaderboard Leaderboard(List<HostRecord> hosts, DateTime now)
    {
        var hostsOf = hosts.GroupBy(h => h.Owner, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var board = new V1.Leaderboard
        {
            AmplitudeUpdatesPerCredit = CreditRule.AmplitudeUpdatesPerCredit,
            HalfLifeDays = RecentAverage.HalfLife.TotalDays,
        };
        var ranked = store.Accounts.FindAll()
            .Where(a => a.Kind == AccountKind.Volunteer)
            .Select(a => new V1.AccountCredit
            {
                Account = a.Id,
                TotalCredit = a.TotalCredit,
                RecentAverageCredit = new RecentAverage(a.RecentCredit, a.RecentCreditUtc).At(now),
                ValidResults = a.CreditedResults,
                Hosts = hostsOf.GetValueOrDefault(a.Id),
            })
            .OrderByDescending(a => a.TotalCredit)
            .ThenByDescending(a => a.RecentAverageCredit)
            .ThenBy(a => a.Account, StringComparer.Ordinal)
            .ToList();
        for (var i = 0; i < ranked.Count; i++)
        {
            ranked[i].Rank = i + 1;
        }
        board.Accounts.AddRange(ranked);
        return board;
    }

    /// <summary>The pipeline's backlog and its failing projects. Call under the gate.</summary>
    private V1.PipelineStatus Pipeline()
    {
        var busy = store.Projects.Running().Where(p => p.AdvancePending || p.AssimilatePending || p.PipelineFailures > 0).ToList();
        var pipeline = new V1.PipelineStatus
        {
            StagesPending = busy.Count(p => p.AdvancePending),
            AssimilationsPending = busy.Count(p => p.AssimilatePending),
            LeaseRenewalsPending = renewals.Count,
            UnitsToJudge = store.Units.CountNeedingJudging(),
            BlobsDeleted = metrics.BlobsDeleted,
            BlobBytesDeleted = metrics.BlobBytesDeleted,
        };
        pipeline.Failing.AddRange(busy.Where(p => p.PipelineFailures > 0)
            .Select(p => new V1.PipelineFailure { ProjectId = p.Id, Failures = p.PipelineFailures, LastFailure = p.LastPipelineFailure ?? "" }));
        return pipeline;
    }

    /// <summary>Documents per state, counted through the State index rather than by loading them.</summary>
    public V1.ListHostsResponse Hosts()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var onlineSince = now - TimeSpan.FromSeconds(options.Value.OnlineWindowSeconds);
        lock (store.Gate)
        {
            var running = store.Replicas.InProgress().Select(r => r.HostId).ToHashSet();
            var response = new V1.ListHostsResponse();
            response.Hosts.AddRange(store.Hosts.FindAll().OrderBy(h => h.RegisteredUtc).Select(h => Host(h, running.Contains(h.Id), h.LastSeenUtc >= onlineSince)));
            return response;
        }
    }

    /// <summary>One host as operators see it: what it offers, its account, its trust and its record.</summary>
    public V1.HostInfo Host(HostRecord h, bool busy, bool online)
    {
        ArgumentNullException.ThrowIfNull(h);
        return new V1.HostInfo
        {
            HostId = h.Id,
            Name = h.Name,
            Owner = h.Owner,
            OwnerLabel = h.OwnerLabel,
            Online = online,
            Busy = busy,
            PausedReason = h.PausedReason,
            LogicalCores = h.Cores,
            MemoryBytes = h.MemoryBytes,
            SimdWidthBits = h.SimdWidthBits,
            AmplitudeUpdatesPerSecond = h.AmplitudeUpdatesPerSecond,
            Registered = Timestamp.FromDateTime(DateTime.SpecifyKind(h.RegisteredUtc, DateTimeKind.Utc)),
            LastSeen = Timestamp.FromDateTime(DateTime.SpecifyKind(h.LastSeenUtc, DateTimeKind.Utc)),
            Valid = h.Valid,
            Invalid = h.Invalid,
            Errors = h.Errors,
            Timeouts = h.Timeouts,
            ConsecutiveValid = h.ConsecutiveValid,
            TrustedVerifier = h.TrustedVerifier,
            Banned = h.Banned,
            BanReason = h.BanReason ?? "",
            DailyQuota = h.DailyQuota > 0 ? h.DailyQuota : options.Value.DailyResultQuota,
            IssuedToday = h.QuotaDay == clock.GetUtcNow().UtcDateTime.Date ? h.IssuedToday : 0,
            Reliable = h.ConsecutiveValid >= options.Value.AdaptiveReplicationThreshold,
            Network = h.NetworkPrefix,
            AccountDisabled = store.Accounts.FindById(h.Owner)?.Disabled ?? false,
            TotalCredit = h.TotalCredit,
            RecentAverageCredit = new RecentAverage(h.RecentCredit, h.RecentCreditUtc).At(clock.GetUtcNow().UtcDateTime),
        };
    }

    /// <summary>One host, for the admin service's answers.</summary>
    public V1.HostInfo Host(string hostId)
    {
        var onlineSince = clock.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(options.Value.OnlineWindowSeconds);
        lock (store.Gate)
        {
            var h = store.Hosts.FindById(hostId) ?? throw new GridException(Refusal.NotFound, $"no host '{hostId}'");
            return Host(h, store.Replicas.AnyInProgressOfHost(hostId), h.LastSeenUtc >= onlineSince);
        }
    }

    private static IEnumerable<V1.StateCount> Counts<TState>(IReadOnlyDictionary<TState, int> counts)
        where TState : struct, System.Enum =>
        System.Enum.GetValues<TState>()
            .Where(s => counts.GetValueOrDefault(s) > 0)
            .Select(s => new V1.StateCount { State = s.ToString().ToLowerInvariant(), Count = counts[s] });
}
