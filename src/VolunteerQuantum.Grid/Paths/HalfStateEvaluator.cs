using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Simulation;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Grid.Paths;

/// <summary>
/// Computes one half's state for path after path, restarting each from the deepest cached level its
/// term choices share with the previous path (see <see cref="PrefixCacheLayout"/>). Level l is always
/// applied as its own engine call (term l, then segment l; level 0 is segment 0), cached or not, so a
/// path's state is the same to the bit whatever the cache depth: replicas with different memory agree.
/// </summary>
internal sealed class HalfStateEvaluator : IDisposable
{
    private readonly Simulator _simulator;
    private readonly IReadOnlyList<GateOperation>[][] _levels;
    private readonly StateVector[] _cache;
    private readonly StateVector _working;
    private int _validLevels;

    public HalfStateEvaluator(PathHalf half, int cachedLevels, Precision precision, MemoryBudget budget, Simulator simulator)
    {
        _simulator = simulator;
        // _levels[0][0] = segment 0; _levels[l][k] = term k of cut l−1, then segment l.
        _levels = new IReadOnlyList<GateOperation>[half.Segments.Count][];
        _levels[0] = [half.Segments[0]];
        for (var l = 1; l < _levels.Length; l++)
        {
            _levels[l] = half.Terms[l - 1].Select(term => (IReadOnlyList<GateOperation>)[.. term, .. half.Segments[l]]).ToArray();
        }
        _cache = new StateVector[cachedLevels];
        try
        {
            for (var l = 0; l < cachedLevels; l++)
            {
                _cache[l] = StateVector.Create(half.Qubits.Count, precision, budget);
            }
            _working = StateVector.Create(half.Qubits.Count, precision, budget);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The half's final state for the last evaluated path.</summary>
    public StateVector State => _working;

    /// <summary>
    /// Brings <see cref="State"/> to the path with term choices <paramref name="digits"/>, where cuts before
    /// <paramref name="firstChangedCut"/> kept their choice from the previous call. Returns the kernel calls made.
    /// </summary>
    public long Evaluate(int[] digits, int firstChangedCut, CancellationToken cancellationToken)
    {
        // Level l depends on the choices of cuts 0..l−1, so levels up to firstChangedCut are still good.
        _validLevels = Math.Min(_validLevels, firstChangedCut + 1);
        long calls = 0;
        var from = 0;
        if (_cache.Length > 0)
        {
            for (var l = _validLevels; l < _cache.Length; l++)
            {
                if (l == 0)
                {
                    _cache[0].InitializeZeroState();
                }
                else
                {
                    _cache[l].CopyFrom(_cache[l - 1]);
                }
                calls += Apply(_cache[l], l, digits, cancellationToken);
                _validLevels = l + 1;
            }
            _working.CopyFrom(_cache[^1]);
            from = _cache.Length;
        }
        else
        {
            _working.InitializeZeroState();
        }
        for (var l = from; l < _levels.Length; l++)
        {
            calls += Apply(_working, l, digits, cancellationToken);
        }
        return calls;
    }

    private int Apply(StateVector state, int level, int[] digits, CancellationToken cancellationToken)
    {
        var gates = _levels[level][level == 0 ? 0 : digits[level - 1]];
        return gates.Count == 0 ? 0 : _simulator.ApplyToShard(state, gates, cancellationToken: cancellationToken);
    }

    public void Dispose()
    {
        foreach (var state in _cache)
        {
            state?.Dispose();
        }
        _working?.Dispose();
    }
}
