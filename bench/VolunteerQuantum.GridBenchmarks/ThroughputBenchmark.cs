using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Grpc.Core;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.GridBenchmarks;

/// <summary>
/// Many simulated volunteers over loopback: each asks for work, returns a valid result at once and
/// asks again, over a sweep of <c>--units</c> points (default 10,000). Measures the coordinator's dispatch rate (work requests answered with a lease, per
/// second) and the latency of RequestWork (p50, p99), the scheduler's and store's hot path, over a
/// window of <c>--seconds</c>; the volunteers then carry on until the project completes, and its
/// result is checked point by point: every unit verified once, with the value its volunteer returned.
/// </summary>
internal static class ThroughputBenchmark
{
    private const double Step = 1e-4;

    public static async Task<int> RunAsync(string[] args)
    {
        var volunteers = Option(args, "--volunteers", 64);
        var seconds = Option(args, "--seconds", 10);
        var watchers = Option(args, "--watchers", 0);
        var timeout = Option(args, "--timeout", 300);
        var units = Option(args, "--units", 10_000);
        if (units is < 1 or > 100_000)
        {
            Console.Error.WriteLine($"--units must be between 1 and 100000, got {units}");
            return 1;
        }
        if (GridSetup.Parse(args, out var error) is not { } setup)
        {
            Console.Error.WriteLine(error);
            return 1;
        }
        await using var grid = await BenchmarkCoordinator.StartAsync(setup);
        Console.WriteLine($"grid: {setup}; {grid.Server.StoreDescription}");
        var projects = new ProjectService.ProjectServiceClient(grid.Channel);
        // A sweep of many points: one unit each, quorum 1, so every returned result completes a unit.
        var request = BenchmarkCoordinator.SweepProject(units, Step);
        var clock = Stopwatch.StartNew();
        var project = await projects.SubmitAsync(request, grid.ApiHeaders);
        Console.WriteLine($"planned {units} units in {clock.Elapsed.TotalSeconds:0.00} s");

        var hosts = new List<Grpc.Core.Metadata>();
        for (var i = 0; i < volunteers; i++)
        {
            hosts.Add((await grid.RegisterAsync($"owner{i}", grid.CoordinatorOf(i))).Headers);
        }
        var run = new RunState(volunteers, TimeSpan.FromSeconds(seconds));
        using var window = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        // Researchers following the project (vq watch) while the volunteers work.
        var watching = Enumerable.Range(0, watchers).Select(_ => Task.Run(() => WatchAsync(projects, project.Id, grid.ApiHeaders, window.Token))).ToList();
        var committedBefore = await grid.CommittedTransactionsAsync();
        run.Clock.Start();
        var loops = hosts.Select((h, i) => Task.Run(() => VolunteerLoopAsync(grid, grid.CoordinatorOf(i), h, i, run))).ToList();

        // Until the project ends (or a volunteer fails): the volunteers keep asking while it runs.
        ProjectInfo info;
        var deadline = TimeSpan.FromSeconds(seconds + timeout);
        while (true)
        {
            try
            {
                info = await projects.GetProjectAsync(new ProjectRequest { ProjectId = project.Id }, grid.ApiHeaders);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && run.Clock.Elapsed < deadline)
            {
                // Its connection was reset with the volunteers' (see the count at the end): ask again.
                run.TransportFailure(e);
                await Task.Delay(100);
                continue;
            }
            if (info.State != ProjectState.Running || loops.Any(l => l.IsFaulted) || run.Clock.Elapsed > deadline)
            {
                break;
            }
            run.SampleThreadPool();
            await Task.Delay(50);
        }
        var completed = run.Clock.Elapsed.TotalSeconds;
        var committed = await grid.CommittedTransactionsAsync() - committedBefore;
        await run.Finished.CancelAsync();
        var failure = await Task.WhenAll(loops).ContinueWith(t => t.Exception?.InnerExceptions[0], TaskScheduler.Default);
        var updates = (await Task.WhenAll(watching)).Sum();

        var windowSeconds = Math.Min(seconds, completed);
        var latencies = run.Latencies.SelectMany(l => l).Order().ToArray();
        var dispatched = run.LeasedInWindow.Sum();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"volunteers {volunteers}, first {windowSeconds:0.0} s: {dispatched} units dispatched and verified, {dispatched / windowSeconds:0} work requests/s with a lease ({latencies.Length / windowSeconds:0} requests/s in all)"));
        if (setup.Coordinators > 1)
        {
            var byCoordinator = Enumerable.Range(0, setup.Coordinators)
                .Select(c => run.LeasedInWindow.Where((_, i) => grid.CoordinatorOf(i) == c).Sum());
            Console.WriteLine($"  by coordinator: {string.Join(" + ", byCoordinator)}");
        }
        if (watchers > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{watchers} watcher(s) received {updates} progress update(s)"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RequestWork latency: p50 {Percentile(latencies, 0.50):0.00} ms, p99 {Percentile(latencies, 0.99):0.00} ms, max {(latencies.Length > 0 ? latencies[^1] : double.NaN):0.00} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"for scale: a BOINC server's documented 8.8 million jobs/day is {8.8e6 / 86400:0} jobs/s; ratio {dispatched / windowSeconds / (8.8e6 / 86400):0.0}x"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"whole project: {info.UnitsVerified}/{info.UnitsTotal} units verified, {info.State} after {completed:0.0} s: {info.UnitsVerified / completed:0} units/s; {run.LeasedAll.Sum()} leases, {run.NoWork.Sum()} no-work replies"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"leases lost before their result got in: {run.LostLeases}{(run.LostExample is { } lost ? $" ({lost})" : "")}; longest from lease to result {run.LongestHeld.TotalSeconds:0.0} s; thread pool up to {run.ThreadPoolPeak.Threads} threads, {run.ThreadPoolPeak.Queued} work items queued"));
        Console.WriteLine(BenchmarkCoordinator.Collections());
        if (run.TransportFailures > 0)
        {
            Console.WriteLine($"calls that failed on a broken connection (retried): {run.TransportFailures} ({run.TransportExample})");
        }
        if (committed is { } transactions)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"PostgreSQL: {transactions} transactions committed while the volunteers worked, {transactions / (double)Math.Max(1, info.UnitsVerified):0.0} per unit verified"));
        }

        var problems = new List<string>();
        if (failure is not null)
        {
            problems.Add($"a volunteer failed: {failure}");
        }
        problems.AddRange(await CheckAsync(projects, grid.ApiHeaders, info, run, units));
        foreach (var problem in problems)
        {
            Console.WriteLine($"CHECK FAILED: {problem}");
        }
        if (problems.Count == 0)
        {
            Console.WriteLine($"check: the project completed, every one of its {units} points verified once with the value returned for it");
        }
        return problems.Count == 0 ? 0 : 1;
    }

    /// <summary>Whatever is wrong with the ended project: its state, its counts, a unit leased twice, a point missing or with another value than was returned.</summary>
    private static async Task<List<string>> CheckAsync(ProjectService.ProjectServiceClient projects, Metadata headers, ProjectInfo info, RunState run, int units)
    {
        var problems = new List<string>();
        if (info.State != ProjectState.Completed)
        {
            problems.Add($"the project is {info.State}, not completed{(info.FailureReason.Length > 0 ? $": {info.FailureReason}" : "")}; {info.UnitsVerified}/{info.UnitsTotal} units verified, {info.UnitsFailed} failed, {info.ReplicasRunning} replicas running");
            return problems;
        }
        if (info.UnitsTotal != units || info.UnitsVerified != units || info.Verification.ReplicasValid != units)
        {
            problems.Add($"{info.UnitsVerified}/{info.UnitsTotal} units verified, {info.Verification.ReplicasValid} valid replicas (expected {units} of each)");
        }
        if (run.Duplicates > 0)
        {
            problems.Add($"{run.Duplicates} point(s) were leased more than once without losing a lease (quorum 1, one replica each)");
        }
        using var call = projects.DownloadResult(new DownloadResultRequest { ProjectId = info.Id }, headers);
        using var buffer = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            buffer.Write(chunk.Data.Span);
        }
        using var result = JsonDocument.Parse(buffer.ToArray());
        var seen = new bool[units];
        var wrong = 0;
        foreach (var point in result.RootElement.GetProperty("points").EnumerateArray())
        {
            var theta = point.GetProperty("parameters").GetProperty("theta").GetDouble();
            var index = (int)Math.Round(theta / Step);
            var z = point.GetProperty("expectations").GetProperty("Z0").GetDouble();
            if (index < 0 || index >= units || seen[index] || Math.Abs(z - Math.Cos(theta)) > 1e-12)
            {
                wrong++;
            }
            else
            {
                seen[index] = true;
            }
        }
        var missing = seen.Count(s => !s);
        if (wrong + missing > 0)
        {
            problems.Add($"the result has {wrong} unexpected or wrong point(s) and lacks {missing}");
        }
        return problems;
    }

    /// <summary>What the volunteers share: counts within the window and over the whole run, and the points they were given.</summary>
    private sealed class RunState(int volunteers, TimeSpan window)
    {
        public Stopwatch Clock { get; } = new();

        public TimeSpan Window { get; } = window;

        /// <summary>Cancelled once the project has ended: the volunteers stop asking.</summary>
        public CancellationTokenSource Finished { get; } = new();

        public List<double>[] Latencies { get; } = [.. Enumerable.Range(0, volunteers).Select(_ => new List<double>())];

        public long[] LeasedInWindow { get; } = new long[volunteers];

        public long[] LeasedAll { get; } = new long[volunteers];

        public long[] NoWork { get; } = new long[volunteers];

        private readonly ConcurrentDictionary<double, int> _leases = new();
        private readonly ConcurrentDictionary<double, int> _lost = new();
        private long _heldTicks;
        private int _transportFailures;

        /// <summary>Points leased again although their earlier lease was not lost: a unit handed out twice.</summary>
        public int Duplicates => _leases.Count(p => p.Value > 1 + _lost.GetValueOrDefault(p.Key));

        public int LostLeases => _lost.Values.Sum();

        public string? LostExample { get; private set; }

        /// <summary>The longest time from a lease's reply to its result's reply.</summary>
        public TimeSpan LongestHeld => TimeSpan.FromTicks(Interlocked.Read(ref _heldTicks));

        /// <summary>Most thread-pool threads and most work items queued, sampled while the volunteers work.</summary>
        public (int Threads, long Queued) ThreadPoolPeak { get; private set; }

        public void Leased(double theta) => _leases.AddOrUpdate(theta, 1, (_, n) => n + 1);

        public void Lost(double theta, string? reason)
        {
            _lost.AddOrUpdate(theta, 1, (_, n) => n + 1);
            if (reason is not null)
            {
                LostExample ??= reason;
            }
        }

        public int TransportFailures => _transportFailures;

        public string? TransportExample { get; private set; }

        public void TransportFailure(Exception e)
        {
            Interlocked.Increment(ref _transportFailures);
            TransportExample ??= e is RpcException r ? r.Status.Detail : $"{e.GetType().Name}: {e.Message}";
        }

        public void Held(TimeSpan held)
        {
            long seen;
            while (held.Ticks > (seen = Interlocked.Read(ref _heldTicks)) && Interlocked.CompareExchange(ref _heldTicks, held.Ticks, seen) != seen)
            {
            }
        }

        public void SampleThreadPool() => ThreadPoolPeak = (Math.Max(ThreadPoolPeak.Threads, ThreadPool.ThreadCount), Math.Max(ThreadPoolPeak.Queued, ThreadPool.PendingWorkItemCount));
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

    private static async Task VolunteerLoopAsync(BenchmarkCoordinator grid, int coordinator, Grpc.Core.Metadata headers, int index, RunState run)
    {
        var client = new VolunteerService.VolunteerServiceClient(grid.Channels[coordinator]);
        var capabilities = BenchmarkCoordinator.Capabilities();
        var backoff = 0;
        while (!run.Finished.IsCancellationRequested)
        {
            var t = Stopwatch.GetTimestamp();
            WorkResponse reply;
            try
            {
                reply = await client.RequestWorkAsync(new WorkRequest { Capabilities = capabilities }, headers);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
            {
                // The connection broke (the server reset it): a volunteer asks again a moment later.
                run.TransportFailure(e);
                await Task.Delay(100);
                continue;
            }
            var inWindow = run.Clock.Elapsed < run.Window;
            if (inWindow)
            {
                run.Latencies[index].Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            if (reply.ReplyCase != WorkResponse.ReplyOneofCase.Assignment)
            {
                // Every open unit is leased (or this coordinator has not seen it yet): ask again
                // later, as a volunteer does, backing off up to a second, until the project ends.
                run.NoWork[index]++;
                backoff = Math.Clamp(backoff * 2, Math.Max(reply.NoWork.RetryAfterMs, 10), 1000);
                try
                {
                    await Task.Delay(backoff, run.Finished.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }
            backoff = 0;
            if (inWindow)
            {
                run.LeasedInWindow[index]++;
            }
            run.LeasedAll[index]++;
            var theta = reply.Assignment.Task.Parameters["theta"];
            run.Leased(theta);
            var header = new ResultHeader { ReplicaId = reply.Assignment.ReplicaId, Outcome = ResultOutcome.Success };
            header.Expectations.Add(new ExpectationEntry { Observable = "Z0", Value = Math.Cos(theta) });
            var leasedAt = Stopwatch.GetTimestamp();
            try
            {
                using var call = client.SubmitResult(headers);
                await call.RequestStream.WriteAsync(new ResultPart { Header = header });
                await call.RequestStream.WriteAsync(new ResultPart { Trailer = new ResultTrailer { Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([])) } });
                await call.RequestStream.CompleteAsync();
                var accepted = await call;
                if (!accepted.Accepted)
                {
                    throw new InvalidOperationException($"the result of replica {reply.Assignment.ReplicaId} (theta {theta}) was not accepted");
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
            {
                // The lease expired before the result got in (these volunteers never heartbeat: a
                // result takes them no time, the coordinator's queue all of it). A volunteer drops
                // the result and asks again; the unit is handed out anew.
                run.Lost(theta, e.Status.Detail);
            }
            catch (Exception e) when (e is RpcException { StatusCode: StatusCode.Unavailable } or IOException or HttpRequestException)
            {
                // The connection broke under the upload (writing the request stream throws the
                // transport's own exception). The result may or may not have got in; if not, its
                // lease expires and the unit is handed out again.
                run.TransportFailure(e);
                run.Lost(theta, null);
            }
            run.Held(Stopwatch.GetElapsedTime(leasedAt));
        }
    }

    internal static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    internal static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
