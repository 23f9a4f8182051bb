using VolunteerQuantum.Simulation.Kernels;

namespace VolunteerQuantum.Simulation.Tests.Kernels;

/// <summary>The engine's thread team: every item exactly once, failures surface, and busy teams step aside.</summary>
public sealed class WorkerTeamTests
{
    [Theory]
    [InlineData(2, 1L << 16)]
    [InlineData(3, (1L << 16) + 5)]
    [InlineData(4, 1L << 20)]
    [InlineData(7, 1L << 17)]
    public void Run_VisitsEveryItemExactlyOnce(int threads, long count)
    {
        var visits = new int[count];
        ParallelRange.Run(threads, count, 1, new CountingJob(visits));
        Assert.All(visits, v => Assert.Equal(1, v));
    }

    [Fact]
    public void Run_ManyPassesInARow_AndAfterTheWorkersParked()
    {
        var visits = new int[1L << 16];
        for (var pass = 0; pass < 500; pass++)
        {
            ParallelRange.Run(2, visits.Length, 1, new CountingJob(visits));
        }
        // Longer than the workers spin: they park, and the next pass must wake them.
        Thread.Sleep(WorkerTeam.SpinTime * 5);
        ParallelRange.Run(2, visits.Length, 1, new CountingJob(visits));
        Assert.All(visits, v => Assert.Equal(501, v));
    }

    [Fact]
    public void Run_FromSeveralThreadsAtOnce_EachGetsItsOwnItemsDone()
    {
        // One run holds the team; the others must fall back without losing or doubling an item.
        var arrays = Enumerable.Range(0, 6).Select(_ => new int[1L << 16]).ToArray();
        Parallel.For(0, arrays.Length, new ParallelOptions { MaxDegreeOfParallelism = arrays.Length }, i =>
        {
            for (var pass = 0; pass < 50; pass++)
            {
                ParallelRange.Run(2, arrays[i].Length, 1, new CountingJob(arrays[i]));
            }
        });
        Assert.All(arrays, a => Assert.All(a, v => Assert.Equal(50, v)));
    }

    [Fact]
    public void Run_ASliceThrows_TheCallerSeesItAndTheTeamGoesOn()
    {
        var failing = new FailingJob(failAt: (1L << 16) - 3);
        var error = Assert.Throws<InvalidOperationException>(() => ParallelRange.Run(2, 1L << 16, 1, failing));
        Assert.Contains("item", error.Message);
        var visits = new int[1L << 16];
        ParallelRange.Run(2, visits.Length, 1, new CountingJob(visits));
        Assert.All(visits, v => Assert.Equal(1, v));
    }

    private readonly struct CountingJob(int[] visits) : IRangeJob
    {
        public void Execute(long start, long end)
        {
            for (var i = start; i < end; i++)
            {
                Interlocked.Increment(ref visits[i]);
            }
        }
    }

    private readonly struct FailingJob(long failAt) : IRangeJob
    {
        public void Execute(long start, long end)
        {
            if (failAt >= start && failAt < end)
            {
                throw new InvalidOperationException($"item {failAt} failed");
            }
        }
    }
}
