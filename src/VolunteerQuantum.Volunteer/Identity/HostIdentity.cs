namespace VolunteerQuantum.Volunteer.Identity;

/// <summary>What Register returned: the host's id and secret, and the coordinator they belong to.</summary>
public sealed record HostIdentity(string Coordinator, string HostId, string HostSecret);
