namespace VolunteerQuantum.Grid.Sketches;

/// <summary>Neumaier's improved Kahan summation: the error stays O(ε) instead of O(nε).</summary>
public struct NeumaierSum
{
    private double _sum;
    private double _compensation;

    public void Add(double value)
    {
        var t = _sum + value;
        _compensation += Math.Abs(_sum) >= Math.Abs(value)
            ? (_sum - t) + value
            : (value - t) + _sum;
        _sum = t;
    }

    public readonly double Value => _sum + _compensation;
}
