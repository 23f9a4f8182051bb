namespace VolunteerQuantum.Coordinator.Storage;

public enum CredentialKind
{
    /// <summary>Lets a researcher submit and manage projects.</summary>
    ApiKey,

    /// <summary>Lets a new volunteer host register.</summary>
    EnrollmentToken,
}

/// <summary>A hashed API key or enrollment token ("keys" collection).</summary>
public sealed class CredentialRecord
{
    /// <summary>SHA-256 of the secret, hex: the lookup key; the secret itself is never stored.</summary>
    public string Id { get; set; } = "";
    public CredentialKind Kind { get; set; }
    /// <summary>The account the credential belongs to: every host and project it creates belongs there too.</summary>
    public string AccountId { get; set; } = "";
    public string Label { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
}
