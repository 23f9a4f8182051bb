using VolunteerQuantum.Grid.Sketches;

namespace VolunteerQuantum.Grid.Shards;

/// <summary>
/// Performs a <see cref="Reshuffle"/> on stored shards, streaming: each new shard is written block
/// by block from the old shards' blobs through one buffer of at most <c>bufferBytes</c>, so the
/// coordinator never holds a shard, let alone the state. New shards whose every block comes from
/// an all-zero shard stay unwritten (and are never sent out); each new shard's norm² is summed as
/// it is written, for the next stage's invariant.
/// </summary>
public sealed class ShardReshuffler(IShardBlobs blobs, int bufferBytes)
{
    /// <summary>The largest buffer used so far (tests check that memory stays bounded).</summary>
    public long PeakBufferBytes { get; private set; }

    public IReadOnlyList<ShardBlob> Run(Reshuffle reshuffle, IReadOnlyList<ShardBlob> shards, int localQubits, bool singlePrecision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reshuffle);
        ArgumentNullException.ThrowIfNull(shards);
        var amplitudeBytes = singlePrecision ? 8L : 16L;
        var blocks = 1L << reshuffle.Width;
        var blockBytes = amplitudeBytes << (localQubits - reshuffle.Width);
        var buffer = new byte[(int)Math.Min(Math.Max(amplitudeBytes, bufferBytes / amplitudeBytes * amplitudeBytes), blockBytes)];
        PeakBufferBytes = Math.Max(PeakBufferBytes, buffer.Length);
        var result = new ShardBlob[shards.Count];
        for (var shard = 0L; shard < shards.Count; shard++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sources = Enumerable.Range(0, (int)blocks).Select(b => reshuffle.Source(shard, b, localQubits)).ToArray();
            if (sources.All(s => shards[(int)s.SourceShard].IsZero))
            {
                result[shard] = new ShardBlob(shard, null, 0);
                continue;
            }
            using var writer = blobs.Create();
            var norm = new StateSketcher(singlePrecision, []);
            foreach (var (sourceShard, sourceBlock) in sources)
            {
                var source = shards[(int)sourceShard];
                if (source.IsZero)
                {
                    Array.Clear(buffer);
                    for (long done = 0; done < blockBytes; done += buffer.Length)
                    {
                        var n = (int)Math.Min(buffer.Length, blockBytes - done);
                        writer.Write(buffer.AsSpan(0, n));
                        norm.Add(buffer.AsSpan(0, n));
                    }
                    continue;
                }
                using var input = blobs.OpenRead(source.Blob!);
                input.Seek(sourceBlock * blockBytes, SeekOrigin.Begin);
                for (long done = 0; done < blockBytes; done += buffer.Length)
                {
                    var n = (int)Math.Min(buffer.Length, blockBytes - done);
                    input.ReadExactly(buffer, 0, n);
                    writer.Write(buffer.AsSpan(0, n));
                    norm.Add(buffer.AsSpan(0, n));
                }
            }
            result[shard] = new ShardBlob(shard, writer.Commit(), norm.Result().NormSquared);
        }
        return result;
    }
}
