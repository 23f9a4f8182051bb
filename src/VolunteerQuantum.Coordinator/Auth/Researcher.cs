namespace VolunteerQuantum.Coordinator.Auth;

/// <summary>The researcher account behind an API key: a key sees only its account's projects, an admin all.</summary>
public sealed record Researcher(string AccountId, bool Admin)
{
    public bool MaySee(string projectOwner) => Admin || string.Equals(AccountId, projectOwner, StringComparison.Ordinal);
}
