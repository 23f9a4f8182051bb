namespace VolunteerQuantum.Coordinator.Verification;

/// <summary>Names of the persistent verification counters shown by /status.</summary>
public static class OutcomeCounters
{
    public const string Agreements = "agreements";
    public const string Disagreements = "disagreements";
    public const string Rejected = "rejected";
    public const string Timeouts = "timeouts";
    public const string Errors = "errors";
    public const string SpotChecksFailed = "spot-checks-failed";
}
