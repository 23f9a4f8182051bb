using System.Diagnostics;
using System.Globalization;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.GridBenchmarks;

/// <summary>
/// Many simulated volunteers over loopback: each asks for work, returns a valid result at once and
/// asks again. Measures the coordinator's dispatch rate (work requests answered with a lease, per
/// second) and the latency of RequestWork (p50, p99), the scheduler's and store's hot path.
/// </summary>
internal static class ThroughputBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var volunteers = Option(args, "--volunteers", 64);
        var seconds = Option(args, "--seconds", 10);
        var watchers = Option(args, "--watchers", 0);
        await using var grid = await BenchmarkCoordinator.StartAsync();
        var projects = new ProjectService.ProjectServiceClient(grid.Channel);
        // A sweep of many points: one unit each, quorum 1, so every returned result completes a unit.
        var request = BenchmarkCoordinator.SweepProject(10_000, 1e-4);
        var clock = Stopwatch.StartNew();
        var project = await projects.SubmitAsync(request, grid.ApiHeaders);
        Console.WriteLine($"planned 10000 units in {clock.Elapsed.TotalSeconds:0.00} s");

        var hosts = new List<(string, Grpc.Core.Metadata)>();
        for (var i = 0; i < volunteers; i++)
        {
            hosts.Add(await grid.RegisterAsync($"owner{i}"));
        }
        var latencies = new List<double>[volunteers];
        var leased = new long[volunteers];
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        // Researchers following the project (vq watch) while the volunteers work.
        var watching = Enumerable.Range(0, watchers).Select(_ => Task.Run(() => WatchAsync(projects, project.Id, grid.ApiHeaders, stop.Token))).ToList();
        clock.Restart();
        await Task.WhenAll(hosts.Select((h, i) => Task.Run(() => VolunteerLoopAsync(grid, h.Item2, latencies[i] = [], i, leased, stop.Token))));
        var updates = (await Task.WhenAll(watching)).Sum();
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        var dispatched = leased.Sum();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"volunteers {volunteers}, {elapsed:0.0} s: {dispatched} units dispatched and verified, {dispatched / elapsed:0} work requests/s with a lease ({all.Length / elapsed:0} requests/s in all)"));
        if (watchers > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{watchers} watcher(s) received {updates} progress update(s)"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RequestWork latency: p50 {Percentile(all, 0.50):0.00} ms, p99 {Percentile(all, 0.99):0.00} ms, max {all[^1]:0.00} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"for scale: a BOINC server's documented 8.8 million jobs/day is {8.8e6 / 86400:0} jobs/s; ratio {dispatched / elapsed / (8.8e6 / 86400):0.0}x"));
        return 0;
    }

    private static async Task<int> WatchAsync(ProjectService.ProjectServiceClient projects, string projectId, Grpc.Core.Metadata headers, CancellationToken stop)
    {
        var updates = 0;
        try
        {
            using var watch = projects.WatchProject(new ProjectRequest { ProjectId = projectId }, headers, cancellationToken: stop);
            while (await watch.ResponseStream.MoveNext(stop))
            {
                updates++;
            }
        }
        catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.Cancelled)
        {
        }
        return updates;
    }

    private static async Task VolunteerLoopAsync(BenchmarkCoordinator grid, Grpc.Core.Metadata headers, List<double> latencies, int index, long[] leased, CancellationToken stop)
    {
        var client = new VolunteerService.VolunteerServiceClient(grid.Channel);
        var capabilities = BenchmarkCoordinator.Capabilities();
        while (!stop.IsCancellationRequested)
        {
            var t = Stopwatch.GetTimestamp();
            var reply = await client.RequestWorkAsync(new WorkRequest { Capabilities = capabilities }, headers);
            latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            if (reply.ReplyCase != WorkResponse.ReplyOneofCase.Assignment)
            {
                return;   // all units handed out
            }
            leased[index]++;
            var theta = reply.Assignment.Task.Parameters["theta"];
            var header = new ResultHeader { ReplicaId = reply.Assignment.ReplicaId, Outcome = ResultOutcome.Success };
            header.Expectations.Add(new ExpectationEntry { Observable = "Z0", Value = Math.Cos(theta) });
            using var call = client.SubmitResult(headers);
            await call.RequestStream.WriteAsync(new ResultPart { Header = header });
            await call.RequestStream.WriteAsync(new ResultPart { Trailer = new ResultTrailer { Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([])) } });
            await call.RequestStream.CompleteAsync();
            await call;
        }
    }

    internal static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    internal static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
