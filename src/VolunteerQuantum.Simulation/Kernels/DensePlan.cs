using System.Numerics;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>
/// A dense 2^k × 2^k matrix on k targets, optionally under controls, prepared for one register width.
/// Targets split into high ones (at or above the lane bits: they select whole registers, 2^kh of them per
/// group) and low ones (inside a register). For low targets we follow qsim: instead of shuffling lanes
/// into matrix order, each input register is also read XOR-permuted by every pattern s of low-target bits,
/// and lane j of output row rh accumulates coefficient[rh][ch, s][j] · permuted[ch, s][j] with the
/// per-lane coefficient M[(rh, r(j)), (ch, r(j) ^ s)], r(j) = lane j's low-target bits. Low controls
/// need no masking either: a lane whose control bits do not match gets identity coefficients. High
/// controls simply pin their bits in the group enumeration, so unmatched groups are never touched.
/// </summary>
internal sealed unsafe class DensePlan<T, TVec, TOps> : KernelPlan<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TVec : unmanaged
    where TOps : struct, ILaneOps<T, TVec>
{
    public DensePlan(int qubits, IReadOnlyList<int> targets, ReadOnlySpan<Complex> matrix, IReadOnlyList<int> controls, IReadOnlyList<bool> controlValues)
    {
        Qubits = qubits;
        var laneBits = TOps.LaneBits;
        var lanes = TOps.Lanes;
        var k = targets.Count;
        var dim = 1 << k;
        var lowIdx = Enumerable.Range(0, k).Where(i => targets[i] < laneBits).ToArray();
        var highIdx = Enumerable.Range(0, k).Where(i => targets[i] >= laneBits).ToArray();
        HighCount = 1 << highIdx.Length;
        LowCount = 1 << lowIdx.Length;
        Columns = HighCount * LowCount;

        LaneIndices = new TVec[LowCount];
        for (var s = 0; s < LowCount; s++)
        {
            LaneIndices[s] = TOps.LaneIndex((int)Spread(s, lowIdx, targets));
        }
        Offsets = new long[HighCount];
        for (var h = 0; h < HighCount; h++)
        {
            Offsets[h] = AmplitudeLayout.RealOffset(Spread(h, highIdx, targets));
        }

        var lowControlMask = 0;
        var lowControlValue = 0;
        var highControls = new List<int>();
        long fixedBits = 0;
        for (var i = 0; i < controls.Count; i++)
        {
            var q = controls[i];
            if (q < laneBits)
            {
                lowControlMask |= 1 << q;
                lowControlValue |= controlValues[i] ? 1 << q : 0;
            }
            else
            {
                highControls.Add(q);
                fixedBits |= controlValues[i] ? 1L << q : 0;
            }
        }
        Groups = new GroupIndexer(AmplitudeLayout.IndexBits(qubits), laneBits, highIdx.Select(i => targets[i]).Concat(highControls), fixedBits);

        var entries = HighCount * Columns;
        UseScalarCoefficients = LowCount == 1 && lowControlMask == 0;
        var re = new T[entries * lanes];
        var im = new T[entries * lanes];
        for (var rh = 0; rh < HighCount; rh++)
        {
            for (var ch = 0; ch < HighCount; ch++)
            {
                for (var s = 0; s < LowCount; s++)
                {
                    var entry = (rh * Columns) + (ch * LowCount) + s;
                    for (var lane = 0; lane < lanes; lane++)
                    {
                        var r = (int)Gather(lane, lowIdx, targets);
                        Complex c;
                        if ((lane & lowControlMask) == lowControlValue)
                        {
                            var row = MatrixIndex(rh, r, highIdx, lowIdx);
                            var column = MatrixIndex(ch, r ^ s, highIdx, lowIdx);
                            c = matrix[(row * dim) + column];
                        }
                        else
                        {
                            c = rh == ch && s == 0 ? Complex.One : Complex.Zero;
                        }
                        re[(entry * lanes) + lane] = T.CreateTruncating(c.Real);
                        im[(entry * lanes) + lane] = T.CreateTruncating(c.Imaginary);
                    }
                }
            }
        }
        VectorRe = ToVectors(re, entries);
        VectorIm = ToVectors(im, entries);
        // One lane per entry suffices when every lane holds the same value.
        ScalarRe = UseScalarCoefficients ? Enumerable.Range(0, entries).Select(e => re[e * lanes]).ToArray() : [];
        ScalarIm = UseScalarCoefficients ? Enumerable.Range(0, entries).Select(e => im[e * lanes]).ToArray() : [];
    }

    /// <summary>2^kh: registers per group, and output rows per group.</summary>
    public int HighCount { get; }

    /// <summary>2^kl: lane permutations per input register.</summary>
    public int LowCount { get; }

    /// <summary>HighCount · LowCount = 2^k: inputs each output register sums over.</summary>
    public int Columns { get; }

    /// <summary>Permutation control of pattern s (the low-target bits of s spread to their lane positions, as an XOR mask).</summary>
    public TVec[] LaneIndices { get; }

    /// <summary>Element offset of the real part of register h of a group, from the group's base.</summary>
    public long[] Offsets { get; }

    public GroupIndexer Groups { get; }

    public bool UseScalarCoefficients { get; }

    /// <summary>Per-lane coefficients, entry (rh · Columns + ch · LowCount + s).</summary>
    public TVec[] VectorRe { get; }

    public TVec[] VectorIm { get; }

    /// <summary>
    /// The same as scalars, used whenever no coefficient varies across lanes: a broadcast operand is a
    /// 4- or 8-byte load, and measured about twice as fast as full-register coefficient loads.
    /// </summary>
    public T[] ScalarRe { get; }

    public T[] ScalarIm { get; }

    public override int Qubits { get; }

    /// <summary>
    /// Software prefetch pays only when the state streams from memory; inside a cache chunk (the
    /// plans of a chunked sweep) it is a wasted load-port slot per register.
    /// </summary>
    public bool Prefetches => AmplitudeLayout.StoredAmplitudes(Qubits) * 2L * sizeof(T) > StreamingBytes;

    /// <summary>States beyond this (twice the L2 of the reference machine's cores) stream from memory.</summary>
    private const long StreamingBytes = 2L * 1024 * 1024;

    public override long Items => Groups.Count;

    public override long AmplitudesPerItem => (long)HighCount * TOps.Lanes;

    public override void Execute(T* state, long start, long end)
    {
        switch (Columns)
        {
            case 2:
                DenseOneQubitKernel.Apply<T, TVec, TOps>(state, this, start, end);
                break;
            case 4:
                DenseTwoQubitKernel.Apply<T, TVec, TOps>(state, this, start, end);
                break;
            default:
                DenseMultiQubitKernel.Apply<T, TVec, TOps>(state, this, start, end);
                break;
        }
    }

    private static long Spread(int bits, int[] which, IReadOnlyList<int> targets)
    {
        long result = 0;
        for (var b = 0; b < which.Length; b++)
        {
            if (((bits >> b) & 1) != 0)
            {
                result |= 1L << targets[which[b]];
            }
        }
        return result;
    }

    private static long Gather(int index, int[] which, IReadOnlyList<int> targets)
    {
        long result = 0;
        for (var b = 0; b < which.Length; b++)
        {
            result |= (long)((index >> targets[which[b]]) & 1) << b;
        }
        return result;
    }

    private static int MatrixIndex(int high, int low, int[] highIdx, int[] lowIdx)
    {
        var m = 0;
        for (var b = 0; b < highIdx.Length; b++)
        {
            m |= ((high >> b) & 1) << highIdx[b];
        }
        for (var b = 0; b < lowIdx.Length; b++)
        {
            m |= ((low >> b) & 1) << lowIdx[b];
        }
        return m;
    }

    private static TVec[] ToVectors(T[] values, int count)
    {
        var result = new TVec[count];
        fixed (T* p = values)
        {
            for (var e = 0; e < count; e++)
            {
                result[e] = TOps.Load(p + (e * TOps.Lanes));
            }
        }
        return result;
    }
}
