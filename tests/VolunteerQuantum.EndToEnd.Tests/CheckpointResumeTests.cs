using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using VolunteerQuantum.EndToEnd.Tests.Support;
using VolunteerQuantum.Protos.V1;
using Xunit.Abstractions;

namespace VolunteerQuantum.EndToEnd.Tests;

/// <summary>A volunteer process killed mid-unit (SIGKILL, as a crash or power cut) and started again resumes from its checkpoint.</summary>
[Trait("Category", "Slow")]
public sealed partial class CheckpointResumeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task VolunteerKilledMidUnit_RestartedWithinLease_ResumesFromCheckpoint_LessWork_VerifiedResult()
    {
        // Heartbeats every 2 s: the lease survives 6 s without one, time enough for a restart.
        await using var grid = await ProcessGrid.StartAsync(heartbeatSeconds: 2);
        var heavy = TestFiles.Heavy(grid.Root, qubits: 23, layers: 80, seed: 7);
        var checkpoints = Path.Combine(grid.VolunteerDirectory("phoenix"), "checkpoints");
        var first = grid.StartVolunteer("phoenix", null, "--checkpoint-seconds", "1");
        var project = await grid.SubmitAsync(new SubmitProjectRequest { Qasm = File.ReadAllText(heavy), FileName = "heavy.qasm", Shots = 1000, Seed = 11, MinQuorum = 1 });
        // Killed once a checkpoint holds at least 40% of the unit, so the difference is clear.
        await WaitUntilAsync(() => CheckpointedShare(grid.VolunteerDirectory("phoenix")) >= 0.4, first);
        first.Kill();
        Assert.Single(Directory.GetFiles(checkpoints, "*.vqck"));
        foreach (var line in first.StandardOutput.Split('\n').Where(l => l.Contains("Checkpointed replica", StringComparison.Ordinal)))
        {
            output.WriteLine(line);
        }

        // The restarted daemon needs no checkpoints of its own: its compute time is the resumed work alone.
        var second = grid.StartVolunteer("phoenix", null, "--checkpoint-seconds", "60");
        var done = await grid.WaitForEndAsync(project.Id, Timeout);
        Assert.Equal(ProjectState.Completed, done.State);
        Assert.Equal(1, done.Verification.ReplicasValid);
        Assert.Equal(0, done.Verification.ReplicasTimedOut);   // the lease held through the crash
        await WaitUntilAsync(() => Directory.GetFiles(checkpoints).Length == 0, second);   // deleted after the upload

        // The resumed run started where the checkpoint was and computed only the rest.
        await WaitUntilAsync(() => second.StandardOutput.Contains("Submitted replica", StringComparison.Ordinal), second);
        var resumed = Resumed().Match(second.StandardOutput);
        Assert.True(resumed.Success, second.StandardOutput);
        var from = int.Parse(resumed.Groups[1].Value, CultureInfo.InvariantCulture);
        var total = int.Parse(resumed.Groups[2].Value, CultureInfo.InvariantCulture);
        var submitted = Submitted().Match(second.StandardOutput);
        Assert.True(submitted.Success, second.StandardOutput);
        var seconds = double.Parse(submitted.Groups[1].Value, CultureInfo.InvariantCulture);
        var computed = int.Parse(submitted.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.InRange(from, (int)(0.4 * total), total - 1);
        Assert.Equal(total - from, computed);   // measurably less work: only what the checkpoint had left

        // Correct: the same counts as one uninterrupted simulation with the project's seed.
        using var result = JsonDocument.Parse(await grid.DownloadAsync(project.Id, ResultFormat.Json));
        var (code, simulated, _) = await VqProcess.RunAsync(Timeout, "simulate", heavy, "--shots", "1000", "--seed", "11", "--threads", "1", "--json");
        Assert.Equal(0, code);
        using var expected = JsonDocument.Parse(simulated);
        Assert.Equal(expected.RootElement.GetProperty("counts").ToString(), result.RootElement.GetProperty("counts").ToString());

        // `vq volunteer status` on the machine tells the same story.
        var (statusCode, status, _) = await VqProcess.RunAsync(Timeout, "volunteer", "status", "--data-dir", grid.VolunteerDirectory("phoenix"));
        Assert.Equal(0, statusCode);
        Assert.Contains("state         idle", status, StringComparison.Ordinal);
        Assert.Contains("completed     1 replica(s)", status, StringComparison.Ordinal);
        Assert.Contains($"checkpoint    {from} of {total} fused operations", status, StringComparison.Ordinal);

        // Reported, not asserted: timing never decides a test (the work above is what is measured).
        var full = expected.RootElement.GetProperty("timings").GetProperty("simulate").GetDouble();
        output.WriteLine($"resumed from {from} of {total} fused operations; the restarted daemon computed {computed} ({100.0 * computed / total:0}%) in {seconds:0.00} s; an uninterrupted run (vq simulate, 1 thread) takes {full:0.00} s");
    }

    /// <summary>The share of the unit the daemon's last checkpoint holds, from its status file (0 without one).</summary>
    private static double CheckpointedShare(string dataDirectory)
    {
        try
        {
            using var status = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDirectory, "status.json")));
            if (status.RootElement.TryGetProperty("lastCheckpoint", out var checkpoint) && checkpoint.ValueKind == JsonValueKind.Object)
            {
                return checkpoint.GetProperty("fusedOperationsDone").GetDouble() / checkpoint.GetProperty("fusedOperationsTotal").GetDouble();
            }
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            // Not written yet, or being replaced.
        }
        return 0;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, VqProcess process)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return;
            }
            if (process.HasExited)
            {
                break;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"condition never held.\nstdout:\n{process.StandardOutput}\nstderr:\n{process.StandardError}");
    }

    [GeneratedRegex(@"Resuming replica \S+ from its checkpoint at (\d+) of (\d+) fused operations")]
    private static partial Regex Resumed();

    [GeneratedRegex(@"Submitted replica \S+: Success after ([0-9.]+) s of computing \((\d+) of \d+ fused operations computed by this run\)")]
    private static partial Regex Submitted();
}
