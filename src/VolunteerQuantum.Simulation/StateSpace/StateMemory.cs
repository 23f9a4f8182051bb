using System.Runtime.InteropServices;
using VolunteerQuantum.Simulation.Kernels;

namespace VolunteerQuantum.Simulation.StateSpace;

/// <summary>
/// Native memory for amplitudes. Large states are aligned to 2 MiB and, on Linux, advised to use
/// transparent huge pages (most distributions set THP to "madvise", so without the advice every state
/// is mapped in 4 KiB pages): 64 page faults instead of 32,768 for a 128 MiB state, and far fewer TLB
/// misses when a gate on a high qubit strides across the whole state. The first touch (zeroing) is
/// split over the threads in the same contiguous slices the kernels use, so the pages are faulted in
/// parallel and, on a machine with several memory nodes, land next to the thread that works on them.
/// </summary>
internal static unsafe partial class StateMemory
{
    /// <summary>One x86-64/AArch64 huge page; states at least this big get huge-page alignment.</summary>
    public const long HugePageBytes = 2L * 1024 * 1024;

    private const int MadvHugePage = 14;

    /// <summary>Allocates <paramref name="bytes"/> zeroed bytes, faulted in by <paramref name="threads"/> threads.</summary>
    public static void* AllocateZeroed(long bytes, int threads)
    {
        var huge = bytes >= HugePageBytes;
        var memory = NativeMemory.AlignedAlloc((nuint)bytes, huge ? (nuint)HugePageBytes : 64);
        if (huge && OperatingSystem.IsLinux())
        {
            // Advice only: when THP is off or unavailable the call fails or is ignored and 4 KiB pages remain.
            _ = Madvise(memory, (nuint)(bytes & ~(HugePageBytes - 1)), MadvHugePage);
        }
        Clear(memory, bytes, threads);
        return memory;
    }

    /// <summary>Zeroes <paramref name="bytes"/> bytes, split over <paramref name="threads"/> threads in the kernels' slices.</summary>
    public static void Clear(void* memory, long bytes, int threads)
    {
        ParallelRange.Run(threads, bytes / 64, 64, new ClearJob((byte*)memory));
        NativeMemory.Clear((byte*)memory + (bytes & ~63L), (nuint)(bytes & 63));
    }

    public static void Free(void* memory) => NativeMemory.AlignedFree(memory);

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(void* address, nuint length, int advice);

    /// <summary>Zeroes 64-byte lines [start, end).</summary>
    private readonly struct ClearJob(byte* memory) : IRangeJob
    {
        public void Execute(long start, long end) => NativeMemory.Clear(memory + (start * 64), (nuint)((end - start) * 64));
    }
}
