using System.Diagnostics;
using System.Globalization;

namespace VolunteerQuantum.GridBenchmarks;

/// <summary>
/// What the grid costs over a local run: `vq run` (embedded coordinator, 3 volunteers, 2 replicas,
/// verification) against `vq simulate` on the same circuit, both as real processes, best of three.
/// </summary>
internal static class OverheadBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var file = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal))
            ?? Path.Combine(AppContext.BaseDirectory, "Samples", "ghz.qasm");
        var shots = ThroughputBenchmark.Option(args, "--shots", 1024).ToString(CultureInfo.InvariantCulture);
        var simulate = await BestOfAsync(3, ["simulate", file, "--shots", shots, "--seed", "1", "--json"]);
        var run = await BestOfAsync(3, ["run", file, "--shots", shots, "--seed", "1", "--json"]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(file)}: vq simulate {simulate:0.000} s, vq run {run:0.000} s, overhead {run - simulate:0.000} s ({run / simulate:0.0}x)"));
        return 0;
    }

    private static async Task<double> BestOfAsync(int repeats, string[] args)
    {
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vq.dll"));
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"vq {string.Join(' ', args)} failed: {await stderr}");
            }
            _ = await stdout;
        }
        return best;
    }
}
