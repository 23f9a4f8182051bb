using System.Numerics;

namespace VolunteerQuantum.Grid.Sketches;

/// <summary>
/// Random-sign projections S = Σ rᵢ ψᵢ with rᵢ = ±1 drawn from SplitMix64 of (seed, global index).
/// Two replicas of a state agree on every sketch up to rounding, while a change δ to any amplitude
/// moves each sketch by ±δ: the coordinator compares a few complex numbers instead of whole
/// states, and chooses the seeds only after assigning the unit so a volunteer cannot precompute
/// them.
/// </summary>
/// <remarks>
/// One SplitMix64 value gives the signs of 64 consecutive amplitudes: rᵢ is bit (i mod 64) of
/// SplitMix64.Derive(seed, ⌊i/64⌋), negative when set. Each such block is summed plainly (its
/// rounding error stays near ε, amplitudes being of similar size), and the block sums are added
/// with Neumaier compensation, so the error does not grow with the length of the state. Blocks
/// are fixed by global index, not by how the amplitudes arrive, so the result is the same to the
/// bit however the state is cut into pieces.
/// </remarks>
public sealed class RandomSignSketch
{
    private const int Block = 64;

    private readonly ulong[] _seeds;
    private readonly NeumaierSum[] _re;
    private readonly NeumaierSum[] _im;
    private readonly double[] _blockRe;
    private readonly double[] _blockIm;

    public RandomSignSketch(IReadOnlyList<ulong> seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        _seeds = seeds.ToArray();
        _re = new NeumaierSum[_seeds.Length];
        _im = new NeumaierSum[_seeds.Length];
        _blockRe = new double[_seeds.Length];
        _blockIm = new double[_seeds.Length];
    }

    public int Count => _seeds.Length;

    /// <summary>The sign of amplitude <paramref name="globalIndex"/> under <paramref name="seed"/>: −1 or +1.</summary>
    public static int Sign(ulong seed, ulong globalIndex) =>
        ((SplitMix64.Derive(seed, globalIndex / Block) >> (int)(globalIndex % Block)) & 1) != 0 ? -1 : 1;

    /// <summary>
    /// Adds amplitudes whose global indices start at <paramref name="firstIndex"/> (interleaved re,
    /// im), in single or double precision; sums are always in double.
    /// </summary>
    public void AddInterleaved<T>(ulong firstIndex, ReadOnlySpan<T> reIm)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var count = reIm.Length / 2;
        for (var s = 0; s < _seeds.Length; s++)
        {
            for (var i = 0; i < count;)
            {
                var g = firstIndex + (ulong)i;
                var offset = (int)(g % Block);
                var take = Math.Min(Block - offset, count - i);
                var bits = SplitMix64.Derive(_seeds[s], g / Block) >> offset;
                double re = _blockRe[s], im = _blockIm[s];
                for (var k = 0; k < take; k++)
                {
                    // Flip the sign bit where the random bit is set: no branch, no multiply.
                    var flip = (long)((bits >> k) & 1) << 63;
                    re += BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(double.CreateTruncating(reIm[2 * (i + k)])) ^ flip);
                    im += BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(double.CreateTruncating(reIm[(2 * (i + k)) + 1])) ^ flip);
                }
                EndOfPiece(s, re, im, blockComplete: offset + take == Block);
                i += take;
            }
        }
    }

    /// <summary>The sketches of everything added so far (a final partial block included).</summary>
    public Complex[] Values()
    {
        var result = new Complex[_seeds.Length];
        for (var s = 0; s < result.Length; s++)
        {
            var re = _re[s];
            var im = _im[s];
            re.Add(_blockRe[s]);
            im.Add(_blockIm[s]);
            result[s] = new Complex(re.Value, im.Value);
        }
        return result;
    }

    /// <summary>Keeps a block's partial sums across pieces; a finished block joins the compensated total.</summary>
    private void EndOfPiece(int s, double re, double im, bool blockComplete)
    {
        if (blockComplete)
        {
            _re[s].Add(re);
            _im[s].Add(im);
            _blockRe[s] = 0;
            _blockIm[s] = 0;
        }
        else
        {
            _blockRe[s] = re;
            _blockIm[s] = im;
        }
    }
}
