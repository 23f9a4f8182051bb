using VolunteerQuantum.Simulation;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Grid.Paths;

/// <summary>
/// How many half-states a paths unit keeps. Each half needs one working state. Level l of a half is its
/// state after segment 0 and the first l (term, segment) pairs; it depends only on the first l term
/// choices, so with the last cut fastest level l changes once every Π_{j&gt;l} r_j paths, and shallow
/// levels are the most valuable to keep. Caches are granted level by level from 0 (the state after
/// segment 0, shared by every path), the smaller half first at each level, while the budget lasts.
/// Memory = (1 + levels_A)·bytes(2^|A|) + (1 + levels_B)·bytes(2^|B|).
/// </summary>
internal sealed record PrefixCacheLayout(int LevelsA, int LevelsB, long BytesA, long BytesB, long LimitBytes)
{
    public long MinimumBytes => BytesA + BytesB;

    public long TotalBytes => ((1 + LevelsA) * BytesA) + ((1 + LevelsB) * BytesB);

    public bool Fits => MinimumBytes <= LimitBytes;

    public static PrefixCacheLayout For(PathProgram program, PathsOptions options)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxMemoryBytes);
        var precision = options.SinglePrecision ? Precision.Single : Precision.Double;
        var bytesA = StateVector.BytesNeeded(program.QubitsA.Count, precision);
        var bytesB = StateVector.BytesNeeded(program.QubitsB.Count, precision);
        var limit = options.MaxMemoryBytes > 0 ? options.MaxMemoryBytes : MemoryBudget.DefaultLimitBytes;
        var levels = new int[2];
        var bytes = new[] { bytesA, bytesB };
        var left = limit - bytesA - bytesB;
        // The deepest level (all cuts applied) is the working state itself, so m levels at most are cached.
        var maxLevels = options.CachePrefixes ? program.TermsPerCut.Count : 0;
        int[] order = bytesA <= bytesB ? [0, 1] : [1, 0];
        for (var level = 0; level < maxLevels && left > 0; level++)
        {
            foreach (var half in order)
            {
                if (levels[half] == level && left >= bytes[half])
                {
                    levels[half]++;
                    left -= bytes[half];
                }
            }
        }
        return new PrefixCacheLayout(levels[0], levels[1], bytesA, bytesB, limit);
    }
}
