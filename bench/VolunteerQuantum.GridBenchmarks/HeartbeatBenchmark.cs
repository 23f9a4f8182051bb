using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.GridBenchmarks;

/// <summary>
/// Many simulated volunteers over loopback, each holding one lease and heartbeating it as fast as
/// the coordinator answers: heartbeats per second and the latency of Heartbeat (p50, p99). A grid
/// of 100,000 volunteers heartbeating every 10 s asks for 10,000 per second.
/// </summary>
internal static class HeartbeatBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var volunteers = ThroughputBenchmark.Option(args, "--volunteers", 64);
        var seconds = ThroughputBenchmark.Option(args, "--seconds", 10);
        if (GridSetup.Parse(args, out var error) is not { } setup)
        {
            Console.Error.WriteLine(error);
            return 1;
        }
        await using var grid = await BenchmarkCoordinator.StartAsync(setup);
        Console.WriteLine($"grid: {setup}; {grid.Server.StoreDescription}");
        var projects = new ProjectService.ProjectServiceClient(grid.Channel);
        var request = BenchmarkCoordinator.SweepProject(volunteers, 1e-3);
        await projects.SubmitAsync(request, grid.ApiHeaders);

        // Volunteer i registers with, leases from and heartbeats coordinator i mod N.
        var leases = new List<(VolunteerService.VolunteerServiceClient Client, Grpc.Core.Metadata Headers, string ReplicaId)>();
        var clients = grid.Channels.Select(c => new VolunteerService.VolunteerServiceClient(c)).ToList();
        for (var i = 0; i < volunteers; i++)
        {
            var client = clients[grid.CoordinatorOf(i)];
            var (_, headers) = await grid.RegisterAsync($"owner{i}", grid.CoordinatorOf(i));
            var reply = await client.RequestWorkAsync(new WorkRequest { Capabilities = BenchmarkCoordinator.Capabilities() }, headers);
            if (reply.ReplyCase != WorkResponse.ReplyOneofCase.Assignment)
            {
                Console.Error.WriteLine($"volunteer {i} (coordinator {grid.CoordinatorOf(i)}) got no lease of the {volunteers}-unit project: {reply.NoWork.Reason}");
                return 1;
            }
            leases.Add((client, headers, reply.Assignment.ReplicaId));
        }
        var latencies = new List<double>[volunteers];
        var trouble = new Trouble();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var clock = Stopwatch.StartNew();
        var sampler = Task.Run(() => trouble.SampleThreadPoolAsync(stop.Token));
        await Task.WhenAll(leases.Select((l, i) => Task.Run(() => HeartbeatLoopAsync(l.Client, l.Headers, l.ReplicaId, latencies[i] = [], trouble, stop.Token))));
        var elapsed = clock.Elapsed.TotalSeconds;
        await sampler;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"volunteers {volunteers}, {elapsed:0.0} s: {all.Length} heartbeats, {all.Length / elapsed:0} heartbeats/s"));
        if (setup.Coordinators > 1)
        {
            var byCoordinator = Enumerable.Range(0, setup.Coordinators)
                .Select(c => latencies.Where((_, i) => grid.CoordinatorOf(i) == c).Sum(l => l.Count));
            Console.WriteLine($"  by coordinator: {string.Join(" + ", byCoordinator)}");
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Heartbeat latency: p50 {ThroughputBenchmark.Percentile(all, 0.50):0.00} ms, p99 {ThroughputBenchmark.Percentile(all, 0.99):0.00} ms, max {(all.Length > 0 ? all[^1] : double.NaN):0.00} ms"));
        Console.WriteLine($"thread pool up to {trouble.PeakThreads} threads, {trouble.PeakQueued} work items queued");
        Console.WriteLine(BenchmarkCoordinator.Collections());
        if (trouble.Unavailable > 0)
        {
            Console.WriteLine($"FAILED: {trouble.Unavailable} heartbeat(s) failed on a broken connection and were retried ({trouble.UnavailableExample})");
        }
        if (trouble.LeasesLost > 0)
        {
            Console.WriteLine($"FAILED: {trouble.LeasesLost} volunteer(s) lost their lease and stopped ({trouble.LostExample})");
        }
        return trouble.Unavailable + trouble.LeasesLost == 0 ? 0 : 1;
    }

    private static async Task HeartbeatLoopAsync(VolunteerService.VolunteerServiceClient client, Grpc.Core.Metadata headers, string replicaId, List<double> latencies, Trouble trouble, CancellationToken stop)
    {
        var progress = 0.0;
        while (!stop.IsCancellationRequested)
        {
            var t = Stopwatch.GetTimestamp();
            progress = progress >= 1 ? 0 : progress + 1e-4;
            HeartbeatResponse reply;
            try
            {
                reply = await client.HeartbeatAsync(new HeartbeatRequest { ReplicaId = replicaId, Progress = progress }, headers);
            }
            catch (Exception e) when (e is RpcException { StatusCode: StatusCode.Unavailable } or IOException or HttpRequestException)
            {
                // The connection broke (the server reset it): a volunteer heartbeats again a moment later.
                trouble.Failed(e);
                await Task.Delay(100);
                continue;
            }
            latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            if (reply.Action != HeartbeatAction.Continue)
            {
                trouble.Lost(reply.Reason);
                return;
            }
        }
    }

    /// <summary>What went wrong while the volunteers heartbeat, and how busy the thread pool got.</summary>
    private sealed class Trouble
    {
        private int _unavailable;
        private int _lost;

        public int Unavailable => _unavailable;

        public string? UnavailableExample { get; private set; }

        public int LeasesLost => _lost;

        public string? LostExample { get; private set; }

        public int PeakThreads { get; private set; }

        public long PeakQueued { get; private set; }

        public void Failed(Exception e)
        {
            Interlocked.Increment(ref _unavailable);
            UnavailableExample ??= e is RpcException r ? r.Status.Detail : $"{e.GetType().Name}: {e.Message}";
        }

        public void Lost(string reason)
        {
            Interlocked.Increment(ref _lost);
            LostExample ??= reason;
        }

        public async Task SampleThreadPoolAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                PeakThreads = Math.Max(PeakThreads, ThreadPool.ThreadCount);
                PeakQueued = Math.Max(PeakQueued, ThreadPool.PendingWorkItemCount);
                await Task.Delay(50, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
