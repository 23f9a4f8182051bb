using System.Diagnostics;
using VolunteerQuantum.EndToEnd.Tests.Support;
using VolunteerQuantum.Protos.V1;
using Xunit.Abstractions;

namespace VolunteerQuantum.EndToEnd.Tests;

/// <summary>
/// Each real process stops cleanly on SIGTERM (a service manager) and SIGINT (Ctrl+C): the coordinator
/// within seconds, a volunteer after checkpointing its unit, `vq run` after tearing down its embedded
/// grid and deleting its temporary folder; and a `vq run` killed outright has its folder removed by the
/// next one. The bounds are generous (a loaded CI machine); the measured times are reported.
/// </summary>
[Trait("Category", "Slow")]
public sealed class LifecycleTests(ITestOutputHelper output)
{
    private const int SigInt = 2;
    private const int SigTerm = 15;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData(SigTerm)]
    [InlineData(SigInt)]
    public async Task Coordinator_Signal_StopsWithinSeconds_ExitCode0(int signal)
    {
        await using var grid = await ProcessGrid.StartAsync();
        var exit = await SignalAndTimeAsync(grid.Coordinator, signal, TimeSpan.FromSeconds(20));
        Assert.Equal(0, grid.Coordinator.ExitCode);
        Assert.Contains("stopping cleanly", grid.Coordinator.StandardError, StringComparison.Ordinal);
        output.WriteLine($"coordinator exited {exit.TotalSeconds:0.00} s after signal {signal}");
    }

    [Theory]
    [InlineData(SigTerm)]
    [InlineData(SigInt)]
    public async Task Volunteer_SignalMidUnit_CheckpointsThenStops_ExitCode0(int signal)
    {
        await using var grid = await ProcessGrid.StartAsync(heartbeatSeconds: 2);
        var heavy = TestFiles.Heavy(grid.Root, qubits: 22, layers: 200, seed: 3);
        // No periodic checkpoint: the one found afterwards is the one written on the way out.
        var volunteer = grid.StartVolunteer("stopper", null, "--checkpoint-seconds", "600");
        await grid.SubmitAsync(new SubmitProjectRequest { Qasm = File.ReadAllText(heavy), FileName = "heavy.qasm", Shots = 100, Seed = 1, MinQuorum = 1 });
        await volunteer.WaitForOutputAsync("Leased replica", Timeout);
        // Signalled once it computes (not while it still fetches the unit's inputs, when there is nothing to checkpoint).
        await Eventually.TrueAsync(() => ReplicaProgress(grid.VolunteerDirectory("stopper")) > 0, "the volunteer computes its replica", Timeout);

        var exit = await SignalAndTimeAsync(volunteer, signal, TimeSpan.FromSeconds(100));
        Assert.Equal(0, volunteer.ExitCode);
        Assert.Contains("Stopping with replica", volunteer.StandardOutput, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(grid.VolunteerDirectory("stopper"), "checkpoints"), "*.vqck"));
        output.WriteLine($"volunteer exited {exit.TotalSeconds:0.00} s after signal {signal}, its unit checkpointed");
    }

    [Theory]
    [InlineData(SigTerm)]
    [InlineData(SigInt)]
    public async Task Run_SignalMidProject_TearsDownItsGrid_DeletesItsFolder_ExitCode130(int signal)
    {
        var temp = Directory.CreateTempSubdirectory("vq-lifecycle-").FullName;
        try
        {
            var heavy = TestFiles.Heavy(temp, qubits: 22, layers: 200, seed: 4);
            using var run = VqProcess.Start(new Dictionary<string, string> { ["TMPDIR"] = temp }, "run", heavy, "--shots", "100", "--volunteers", "2", "--threads", "1");
            await run.WaitForErrorOutputAsync("plan ", Timeout);
            Assert.Single(Directory.GetDirectories(temp, "vq-run-*"));
            await Task.Delay(TimeSpan.FromSeconds(2));

            var exit = await SignalAndTimeAsync(run, signal, TimeSpan.FromSeconds(60));
            Assert.Equal(130, run.ExitCode);
            Assert.Empty(Directory.GetDirectories(temp, "vq-run-*"));
            output.WriteLine($"vq run exited {exit.TotalSeconds:0.00} s after signal {signal}, its temporary grid deleted");
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public async Task Run_AfterAKilledRun_RemovesTheTemporaryGridItLeft()
    {
        var temp = Directory.CreateTempSubdirectory("vq-lifecycle-").FullName;
        try
        {
            var heavy = TestFiles.Heavy(temp, qubits: 20, layers: 200, seed: 5);
            var environment = new Dictionary<string, string> { ["TMPDIR"] = temp };
            using (var killed = VqProcess.Start(environment, "run", heavy, "--shots", "100", "--volunteers", "2", "--threads", "1"))
            {
                await killed.WaitForErrorOutputAsync("plan ", Timeout);
                killed.Kill();
            }
            var left = Assert.Single(Directory.GetDirectories(temp, "vq-run-*"));

            var small = TestFiles.Heavy(temp, qubits: 3, layers: 2, seed: 6);
            using var next = VqProcess.Start(environment, "run", small, "--shots", "10", "--volunteers", "2", "--threads", "1");
            await next.WaitForExitAsync(Timeout);
            Assert.Equal(0, next.ExitCode);
            Assert.Contains("cleaned       1 temporary grid(s) of killed earlier runs", next.StandardError, StringComparison.Ordinal);
            Assert.False(Directory.Exists(left));
            Assert.Empty(Directory.GetDirectories(temp, "vq-run-*"));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>The running replica's progress in the daemon's status file (0 when none or unreadable).</summary>
    private static double ReplicaProgress(string dataDirectory)
    {
        try
        {
            using var status = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDirectory, "status.json")));
            return status.RootElement.TryGetProperty("replica", out var replica) && replica.ValueKind == System.Text.Json.JsonValueKind.Object
                ? replica.GetProperty("progress").GetDouble()
                : 0;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or KeyNotFoundException)
        {
            return 0;   // not written yet, or caught mid-write
        }
    }

    private static async Task<TimeSpan> SignalAndTimeAsync(VqProcess process, int signal, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        process.Signal(signal);
        await process.WaitForExitAsync(bound);
        return clock.Elapsed;
    }
}
