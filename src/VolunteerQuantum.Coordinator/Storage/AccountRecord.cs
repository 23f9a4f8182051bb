namespace VolunteerQuantum.Coordinator.Storage;

/// <summary>Who an account is for: volunteers lend hosts, researchers submit projects.</summary>
public enum AccountKind
{
    Volunteer,
    Researcher,
}

/// <summary>
/// An account the operator created ("accounts" collection). A host belongs to the volunteer account
/// whose enrollment token it registered with; a project to the researcher account whose API key
/// submitted it. Identity never comes from what a client says of itself.
/// </summary>
public sealed class AccountRecord
{
    /// <summary>The account's name, normalised (see <see cref="Accounts.AccountNames"/>): the lookup key.</summary>
    public string Id { get; set; } = "";
    public AccountKind Kind { get; set; }
    /// <summary>Researcher accounts only: sees and manages every project, and runs the admin service.</summary>
    public bool Admin { get; set; }
    /// <summary>A disabled account's credentials stop working and its hosts get no work (a ban).</summary>
    public bool Disabled { get; set; }
    public string? DisabledReason { get; set; }
    public DateTime CreatedUtc { get; set; }

    // Credit (see Credit.CreditLedger): what the account's hosts earned with valid results.
    /// <summary>Credit granted for valid results, less what was revoked when a result was found invalid later.</summary>
    public double TotalCredit { get; set; }
    /// <summary>Recent average credit as of <see cref="RecentCreditUtc"/> (it decays from there: Credit.RecentAverage).</summary>
    public double RecentCredit { get; set; }
    public DateTime RecentCreditUtc { get; set; }
    /// <summary>Valid results credited (and not revoked).</summary>
    public long CreditedResults { get; set; }
}
