namespace VolunteerQuantum.Coordinator.Storage;

/// <summary>A registered volunteer host and its reliability record.</summary>
public sealed class HostRecord
{
    public string Id { get; set; } = "";
    /// <summary>SHA-256 of the host secret (the secret itself is never stored).</summary>
    public string SecretHash { get; set; } = "";
    /// <summary>The volunteer account of the enrollment token the host registered with (never what it declares).</summary>
    public string Owner { get; set; } = "";
    /// <summary>The owner name the host declared: a display label only, stripped of control characters.</summary>
    public string OwnerLabel { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>The network the host last called from (IPv4 /24, IPv6 /48; "" for loopback).</summary>
    public string NetworkPrefix { get; set; } = "";
    public DateTime RegisteredUtc { get; set; }
    public DateTime LastSeenUtc { get; set; }

    // Capabilities, as last reported.
    public int Cores { get; set; }
    public long MemoryBytes { get; set; }
    public int SimdWidthBits { get; set; }
    public double AmplitudeUpdatesPerSecond { get; set; }
    public string Os { get; set; } = "";
    public string DaemonVersion { get; set; } = "";
    public string PausedReason { get; set; } = "";

    // Reliability record.
    public int Valid { get; set; }
    public int Invalid { get; set; }
    public int Errors { get; set; }
    public int Timeouts { get; set; }
    public int ConsecutiveValid { get; set; }

    // Credit, as on its account (Credit.CreditLedger).
    public double TotalCredit { get; set; }
    public double RecentCredit { get; set; }
    public DateTime RecentCreditUtc { get; set; }

    // Trust, set by the operator and earned by results.
    /// <summary>An operator's own machine: it runs the spot checks, and its results are believed.</summary>
    public bool TrustedVerifier { get; set; }
    public bool Banned { get; set; }
    public string? BanReason { get; set; }
    /// <summary>Replicas the host may take per day (BOINC's max_results_day): halved on each invalid result, restored by valid ones.</summary>
    public int DailyQuota { get; set; }
    /// <summary>The UTC day <see cref="IssuedToday"/> counts.</summary>
    public DateTime QuotaDay { get; set; }
    public int IssuedToday { get; set; }
}
