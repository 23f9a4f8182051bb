namespace VolunteerQuantum.Grid.Shards;

/// <summary>One shard of a distributed state between stages: its blob (null when known to be all zero) and norm².</summary>
public sealed record ShardBlob(long Index, string? Blob, double NormSquared)
{
    public bool IsZero => Blob is null;
}
