using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using VolunteerQuantum.Simulation.Kernels;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Observables;

/// <summary>
/// Exact ⟨ψ|P|ψ⟩ from the state (no sampling): Σ_i conj(ψ_{i⊕X}) ψ_i i^{#Y} (−1)^{popcount(i &amp; Z)}.
/// Per register: the partner register is the one at base ⊕ (X's high bits), XOR-permuted by X's low bits;
/// the sign splits into a per-register sign (high bits) and a per-lane sign vector (low bits). Fixed
/// chunks keep the result independent of the thread count.
/// </summary>
internal static unsafe class ExpectationCalculator
{
    public static double Expectation<T>(StateVector<T> state, PauliSum observable, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(observable);
        if (observable.Width > state.LocalQubits)
        {
            throw new ArgumentException($"observable '{observable.Text}' uses qubit {observable.Width - 1} but the state has {state.LocalQubits} qubits", nameof(observable));
        }
        var total = 0.0;
        foreach (var term in observable.Terms)
        {
            total += term.Coefficient * Expectation(state, term.Pauli, threads);
        }
        return total;
    }

    public static double Expectation<T>(StateVector<T> state, PauliString pauli, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pauli);
        return KernelSelector.Best switch
        {
            KernelWidth.Vector512 => Run<T, Vector512<T>, Vector512Lanes<T>>(state, pauli, threads),
            KernelWidth.Vector256 => Run<T, Vector256<T>, Vector256Lanes<T>>(state, pauli, threads),
            KernelWidth.Vector128 => Run<T, Vector128<T>, Vector128Lanes<T>>(state, pauli, threads),
            _ => Run<T, T, ScalarLanes<T>>(state, pauli, threads),
        };
    }

    internal static double Run<T, TVec, TOps>(StateVector<T> state, PauliString pauli, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : unmanaged
        where TOps : struct, ILaneOps<T, TVec>
    {
        var registers = state.StoredAmplitudes >> TOps.LaneBits;
        var chunkRegisters = Math.Max(1, Math.Min(registers, StateVector<T>.ReductionChunk >> TOps.LaneBits));
        var chunks = registers / chunkRegisters;
        var re = new double[chunks];
        var im = new double[chunks];
        var laneMask = TOps.Lanes - 1;
        var signs = new T[TOps.Lanes];
        for (var j = 0; j < TOps.Lanes; j++)
        {
            signs[j] = BitOperations.PopCount((ulong)j & pauli.ZMask & (ulong)laneMask) % 2 == 0 ? T.One : T.NegativeOne;
        }
        TVec laneSigns;
        fixed (T* s = signs)
        {
            laneSigns = TOps.Load(s);
        }
        var job = new Job<T, TVec, TOps>(state.Data, re, im, chunkRegisters, (long)pauli.XMask, (long)pauli.ZMask, laneSigns);
        ParallelRange.Run(threads, chunks, chunkRegisters * TOps.Lanes, job);
        double sumRe = 0;
        double sumIm = 0;
        for (var c = 0; c < chunks; c++)
        {
            sumRe += re[c];
            sumIm += im[c];
        }
        // Multiply by i^{#Y}; the result of a Hermitian P is real.
        return (pauli.YCount % 4) switch
        {
            0 => sumRe,
            1 => -sumIm,
            2 => -sumRe,
            _ => sumIm,
        };
    }

    private readonly struct Job<T, TVec, TOps>(T* data, double[] re, double[] im, long chunkRegisters, long xMask, long zMask, TVec laneSigns) : IRangeJob
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : unmanaged
        where TOps : struct, ILaneOps<T, TVec>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a hot loop: never run it at tier 0
        public void Execute(long start, long end)
        {
            const int imOffset = AmplitudeLayout.BlockSize;
            var lanes = TOps.Lanes;
            var laneMask = lanes - 1;
            var xLow = TOps.LaneIndex((int)(xMask & laneMask));
            var xHigh = xMask & ~(long)laneMask;
            var zHigh = zMask & ~(long)laneMask;
            for (var c = start; c < end; c++)
            {
                var plusRe = TOps.Zero;
                var plusIm = TOps.Zero;
                var minusRe = TOps.Zero;
                var minusIm = TOps.Zero;
                var first = c * chunkRegisters;
                for (var v = first; v < first + chunkRegisters; v++)
                {
                    var a = v * lanes;
                    var p = data + AmplitudeLayout.RealOffset(a);
                    var q = data + AmplitudeLayout.RealOffset(a ^ xHigh);
                    var vr = TOps.Load(p);
                    var vi = TOps.Load(p + imOffset);
                    var ur = TOps.Permute(TOps.Load(q), xLow);
                    var ui = TOps.Permute(TOps.Load(q + imOffset), xLow);
                    // conj(u)·v = (ur·vr + ui·vi) + i(ur·vi − ui·vr)
                    var tr = TOps.Multiply(laneSigns, TOps.MultiplyAdd(ui, vi, TOps.Multiply(ur, vr)));
                    var ti = TOps.Multiply(laneSigns, TOps.MultiplySubtract(ui, vr, TOps.Multiply(ur, vi)));
                    if ((BitOperations.PopCount((ulong)(a & zHigh)) & 1) == 0)
                    {
                        plusRe = TOps.Add(plusRe, tr);
                        plusIm = TOps.Add(plusIm, ti);
                    }
                    else
                    {
                        minusRe = TOps.Add(minusRe, tr);
                        minusIm = TOps.Add(minusIm, ti);
                    }
                }
                re[c] = double.CreateTruncating(TOps.Sum(plusRe)) - double.CreateTruncating(TOps.Sum(minusRe));
                im[c] = double.CreateTruncating(TOps.Sum(plusIm)) - double.CreateTruncating(TOps.Sum(minusIm));
            }
        }
    }
}
