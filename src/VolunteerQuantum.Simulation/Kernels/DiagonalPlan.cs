using System.Numerics;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>
/// A diagonal on any set of qubits (phase, rz, cz, cp, fused diagonal runs, controls folded in as
/// qubits of the diagonal). Low qubits make the factor vary per lane, so the table holds one register
/// pair per combination of high-qubit bits; the sweep is linear through memory and looks the factor
/// up once per run of registers that share their high bits.
/// </summary>
internal sealed unsafe class DiagonalPlan<T, TVec, TOps> : KernelPlan<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TVec : unmanaged
    where TOps : struct, ILaneOps<T, TVec>
{
    public DiagonalPlan(int qubits, IReadOnlyList<int> targets, ReadOnlySpan<Complex> diagonal)
    {
        Qubits = qubits;
        var laneBits = TOps.LaneBits;
        var lanes = TOps.Lanes;
        var k = targets.Count;
        var highIdx = Enumerable.Range(0, k).Where(i => targets[i] >= laneBits).ToArray();
        HighQubits = highIdx.Select(i => targets[i]).ToArray();
        var entries = 1 << HighQubits.Length;
        var re = new T[entries * lanes];
        var im = new T[entries * lanes];
        for (var h = 0; h < entries; h++)
        {
            for (var lane = 0; lane < lanes; lane++)
            {
                var m = 0;
                for (var i = 0; i < k; i++)
                {
                    var q = targets[i];
                    var bit = q >= laneBits ? (h >> Array.IndexOf(highIdx, i)) & 1 : (lane >> q) & 1;
                    m |= bit << i;
                }
                re[(h * lanes) + lane] = T.CreateTruncating(diagonal[m].Real);
                im[(h * lanes) + lane] = T.CreateTruncating(diagonal[m].Imaginary);
            }
        }
        Re = new TVec[entries];
        Im = new TVec[entries];
        fixed (T* pr = re, pi = im)
        {
            for (var h = 0; h < entries; h++)
            {
                Re[h] = TOps.Load(pr + (h * lanes));
                Im[h] = TOps.Load(pi + (h * lanes));
            }
        }
        Registers = AmplitudeLayout.StoredAmplitudes(qubits) >> laneBits;
        RunBits = HighQubits.Length > 0 ? HighQubits.Min() - laneBits : 62;
    }

    /// <summary>Qubits at or above the lane bits; bit b of a table index is HighQubits[b].</summary>
    public int[] HighQubits { get; }

    public TVec[] Re { get; }

    public TVec[] Im { get; }

    public long Registers { get; }

    /// <summary>Registers v and v+1 share their factor unless v+1 is a multiple of 2^RunBits.</summary>
    public int RunBits { get; }

    public override int Qubits { get; }

    public override long Items => Registers;

    public override long AmplitudesPerItem => TOps.Lanes;

    public override void Execute(T* state, long start, long end) => DiagonalKernel.Apply<T, TVec, TOps>(state, this, start, end);
}
