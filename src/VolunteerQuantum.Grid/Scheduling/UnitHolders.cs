namespace VolunteerQuantum.Grid.Scheduling;

/// <summary>The hosts, accounts and networks that hold or returned a replica of one unit.</summary>
public sealed record UnitHolders(IReadOnlySet<string> HostIds, IReadOnlySet<string> Owners, IReadOnlySet<string> Networks);
