namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>
/// The threading policy: split [0, count) into one contiguous slice per thread, so each thread streams
/// through its own region of memory. One thread (or a small job) runs inline on the caller; larger
/// jobs run on the process's <see cref="WorkerTeam"/>.
/// </summary>
internal static class ParallelRange
{
    /// <summary>Below this many amplitudes per thread, starting threads costs more than it saves.</summary>
    public const long MinAmplitudesPerThread = 1L << 15;

    public static void Run<TJob>(int threads, long count, long amplitudesPerItem, TJob job)
        where TJob : IRangeJob
    {
        if (count <= 0)
        {
            return;
        }
        var useful = (int)Math.Min(threads, Math.Max(1, count * amplitudesPerItem / MinAmplitudesPerThread));
        useful = (int)Math.Min(useful, count);
        if (useful <= 1)
        {
            job.Execute(0, count);
            return;
        }
        var slice = (count + useful - 1) / useful;
        if (count >= 64L * useful)
        {
            // Slices rounded up to a multiple of 64 items keep slice borders off shared cache lines.
            slice = Math.Min(count, (slice + 63) & ~63L);
        }
        var slices = (int)((count + slice - 1) / slice);
        if (WorkerTeam.Shared.TryRun(job, count, slice, slices))
        {
            return;
        }
        // Another run in this process holds the team: share the thread pool instead.
        try
        {
            Parallel.For(0, slices, new ParallelOptions { MaxDegreeOfParallelism = useful }, i =>
            {
                var start = i * slice;
                job.Execute(start, Math.Min(count, start + slice));
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            // The same exception as on the team, whichever path ran the slices.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }
}
