using System.Text.Json;
using VolunteerQuantum.Coordinator.Blobs;
using VolunteerQuantum.Grid.Shards;

namespace VolunteerQuantum.Coordinator.Stages;

/// <summary>The shards between two stages (only the non-zero ones listed), as a JSON blob.</summary>
public sealed class ShardSetDocument
{
    public long Count { get; set; }
    public List<Entry> Shards { get; set; } = [];

    public sealed class Entry
    {
        public long Index { get; set; }
        public string Blob { get; set; } = "";
        public double NormSquared { get; set; }
    }

    public IReadOnlyList<ShardBlob> ToShards()
    {
        var shards = new ShardBlob[Count];
        for (long i = 0; i < Count; i++)
        {
            shards[i] = new ShardBlob(i, null, 0);
        }
        foreach (var e in Shards)
        {
            shards[e.Index] = new ShardBlob(e.Index, e.Blob, e.NormSquared);
        }
        return shards;
    }

    public static ShardSetDocument From(IReadOnlyList<ShardBlob> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        return new ShardSetDocument
        {
            Count = shards.Count,
            Shards = [.. shards.Where(s => !s.IsZero).Select(s => new Entry { Index = s.Index, Blob = s.Blob!, NormSquared = s.NormSquared })],
        };
    }

    public string Save(IBlobStore blobs) => blobs.Put(JsonSerializer.SerializeToUtf8Bytes(this));

    public static ShardSetDocument Load(IBlobStore blobs, string blob)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        using var stream = blobs.OpenRead(blob);
        return JsonSerializer.Deserialize<ShardSetDocument>(stream) ?? throw new InvalidDataException($"shard set {blob} is empty");
    }
}
