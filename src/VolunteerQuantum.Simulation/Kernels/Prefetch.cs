using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>
/// Software prefetch of the registers a kernel will need a few groups ahead. A dense kernel is busy with
/// FMAs long enough that the hardware prefetcher alone lets the memory stream and the arithmetic take
/// turns; asking for the lines early lets them overlap. A prefetch never faults, so addresses past the
/// end of a run (or of the state) are harmless.
/// </summary>
internal static unsafe class Prefetch
{
    /// <summary>Groups ahead: about a memory latency's worth of a small kernel's work.</summary>
    public const int Distance = 8;

    /// <summary>The two registers of a one-qubit gate's pair (real and imaginary lines).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Pair<T>(T* ahead, long offset)
        where T : unmanaged
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(ahead);
            Sse.Prefetch0(ahead + AmplitudeLayout.BlockSize);
            Sse.Prefetch0(ahead + offset);
            Sse.Prefetch0(ahead + offset + AmplitudeLayout.BlockSize);
        }
    }

    /// <summary>Both the real and the imaginary line of each of a group's registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Group<T>(T* ahead, long* offsets, int registers)
        where T : unmanaged
    {
        if (!Sse.IsSupported)
        {
            return;
        }
        for (var r = 0; r < registers; r++)
        {
            var q = ahead + offsets[r];
            Sse.Prefetch0(q);
            Sse.Prefetch0(q + AmplitudeLayout.BlockSize);
        }
    }
}
