namespace VolunteerQuantum.Grid.Shards;

/// <summary>
/// A stage boundary: the top k local physical bits (l−k … l−1) trade places with the global
/// physical bits <see cref="GlobalBits"/> (GlobalBits[i] with local bit l−k+i). Because the local
/// bits are the top ones, every shard is rebuilt from 2^k contiguous blocks of 2^(l−k) amplitudes,
/// one from each of 2^k old shards: a streaming block transposition.
/// </summary>
public sealed record Reshuffle(IReadOnlyList<int> GlobalBits)
{
    public int Width => GlobalBits.Count;

    /// <summary>The old shard and block that new shard <paramref name="shard"/>, block <paramref name="block"/> is copied from.</summary>
    public (long SourceShard, long SourceBlock) Source(long shard, long block, int localQubits)
    {
        var sourceShard = shard;
        long sourceBlock = 0;
        for (var i = 0; i < GlobalBits.Count; i++)
        {
            var bit = GlobalBits[i] - localQubits;
            // The new shard's global bit becomes the old block's local bit, and vice versa.
            sourceBlock |= ((shard >> bit) & 1) << i;
            sourceShard = (sourceShard & ~(1L << bit)) | (((block >> i) & 1) << bit);
        }
        return (sourceShard, sourceBlock);
    }
}
