using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Sampling;

/// <summary>
/// Draws basis states from |ψ|² exactly: sort the shots' uniforms once, then walk the cumulative
/// probability through the state a single time. Chunk sums come from the fixed-chunk reduction and the
/// walk inside a chunk is sequential, so the same seed gives the same shots for any thread count.
/// </summary>
internal static class ShotSampler
{
    /// <summary>Returns (basis index, count) pairs in increasing index order.</summary>
    public static List<(long Index, long Count)> Sample<T>(StateVector<T> state, long shots, DeterministicRandom random, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(random);
        var result = new List<(long, long)>();
        if (shots <= 0)
        {
            return result;
        }
        var chunkSums = StateReductions.ChunkSquares(state, threads);
        var total = 0.0;
        foreach (var s in chunkSums)
        {
            total += s;
        }
        var uniforms = new double[shots];
        for (long i = 0; i < shots; i++)
        {
            uniforms[i] = random.NextDouble() * total;
        }
        Array.Sort(uniforms);
        var chunk = state.StoredAmplitudes / chunkSums.Length;
        var next = 0L;
        var before = 0.0;
        var probabilities = new double[chunk];
        var lastNonZero = LastNonZero(state, chunkSums, chunk);
        for (var c = 0; c < chunkSums.Length && next < shots; c++)
        {
            var after = before + chunkSums[c];
            if (uniforms[next] >= after && c < chunkSums.Length - 1)
            {
                before = after;
                continue;
            }
            var start = c * chunk;
            var count = (int)Math.Min(chunk, state.Length - start);
            state.GetProbabilities(start, probabilities.AsSpan(0, count));
            var cumulative = before;
            for (var i = 0; i < count && next < shots; i++)
            {
                if (probabilities[i] == 0)
                {
                    continue;
                }
                cumulative += probabilities[i];
                var isLast = start + i == lastNonZero;
                long hits = 0;
                // Rounding can leave the last uniforms just above the final cumulative sum: they belong to the last nonzero state.
                while (next < shots && (uniforms[next] < cumulative || isLast))
                {
                    hits++;
                    next++;
                }
                if (hits > 0)
                {
                    result.Add((start + i, hits));
                }
            }
            before = after;
        }
        return result;
    }

    private static long LastNonZero<T>(StateVector<T> state, double[] chunkSums, long chunk)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var c = chunkSums.Length - 1; c >= 0; c--)
        {
            if (chunkSums[c] == 0)
            {
                continue;
            }
            var start = c * chunk;
            var count = (int)Math.Min(chunk, state.Length - start);
            var p = new double[count];
            state.GetProbabilities(start, p);
            for (var i = count - 1; i >= 0; i--)
            {
                if (p[i] != 0)
                {
                    return start + i;
                }
            }
        }
        return -1;
    }
}
