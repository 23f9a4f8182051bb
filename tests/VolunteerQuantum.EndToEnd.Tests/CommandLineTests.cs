using System.Text.Json;
using VolunteerQuantum.EndToEnd.Tests.Support;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.EndToEnd.Tests;

/// <summary>`vq` as a user runs it: the README's main command, and clear errors that change nothing.</summary>
[Trait("Category", "Slow")]
public sealed class CommandLineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [SharedFact]
    public async Task Run_EmbeddedGrid_GivesSimulateCounts_WithVerificationSummary()
    {
        var file = SharedFiles.Qasm("qasmbench/bell_n4.qasm");
        var run = await VqProcess.RunAsync(Timeout, "run", file, "--shots", "2000", "--seed", "11", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var simulate = await VqProcess.RunAsync(Timeout, "simulate", file, "--shots", "2000", "--seed", "11", "--json");
        Assert.True(simulate.ExitCode == 0, simulate.Stderr);
        using var grid = JsonDocument.Parse(run.Stdout);
        using var local = JsonDocument.Parse(simulate.Stdout);
        Assert.Equal(local.RootElement.GetProperty("counts").ToString(), grid.RootElement.GetProperty("counts").ToString());
        var verification = grid.RootElement.GetProperty("verification");
        Assert.Equal(2, verification.GetProperty("min_quorum").GetInt32());
        Assert.All(verification.GetProperty("hosts_per_unit").EnumerateArray(), h => Assert.True(h.GetInt32() >= 2));
    }

    [SharedFact]
    public async Task Run_HumanOutput_ShowsPlanProgressAndVerification()
    {
        var file = SharedFiles.Qasm("qasmbench/cat_state_n4.qasm");
        var run = await VqProcess.RunAsync(Timeout, "run", file, "--shots", "500");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("plan ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("counts        500 shots", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("verified      1 unit(s), each by at least 2 distinct volunteers", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_InvalidQasm_ErrorWithLineAndColumn_NoProjectCreated()
    {
        await using var grid = await ProcessGrid.StartAsync();
        var bad = Path.Combine(grid.Root, "bad.qasm");
        await File.WriteAllTextAsync(bad, "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nh q[2];\n");
        var submit = await VqProcess.RunAsync(Timeout, "submit", bad, "--coordinator", grid.Address, "--api-key", ProcessGrid.ApiKey);
        Assert.Equal(2, submit.ExitCode);
        Assert.Contains("bad.qasm:4:", submit.Stderr, StringComparison.Ordinal);
        Assert.Contains("out of range", submit.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", submit.Stderr, StringComparison.Ordinal);
        var list = await grid.Projects.ListProjectsAsync(new ListProjectsRequest(), grid.Headers);
        Assert.Empty(list.Projects);
    }

    [SharedFact]
    public async Task Submit_WrongApiKey_Refused_NoProjectCreated()
    {
        await using var grid = await ProcessGrid.StartAsync();
        var submit = await VqProcess.RunAsync(Timeout, "submit", SharedFiles.Qasm("qasmbench/bell_n4.qasm"), "--coordinator", grid.Address, "--api-key", "wrong");
        Assert.Equal(2, submit.ExitCode);
        Assert.Contains("the coordinator does not know this API key: pass --api-key or set VQ_API_KEY", submit.Stderr, StringComparison.Ordinal);
        Assert.Empty((await grid.Projects.ListProjectsAsync(new ListProjectsRequest(), grid.Headers)).Projects);
    }

    [SharedTheory]
    [InlineData("no-such-file.qasm", "no-such-file.qasm")]
    [InlineData("qiskit/opaque_bloch.qasm", "opaque gate 'bloch' has no definition and cannot be simulated")]
    public async Task Simulate_BadInput_OneLineErrorExitCode1(string relative, string expected)
    {
        var path = relative.Contains('/', StringComparison.Ordinal) ? SharedFiles.Qasm(relative) : Path.Combine(Path.GetTempPath(), relative);
        var result = await VqProcess.RunAsync(Timeout, "simulate", path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [SharedFact]
    public async Task Simulate_StateOutOfDynamicCircuit_RefusedWithReason_NoFileWritten()
    {
        var npy = Path.Combine(Path.GetTempPath(), $"vq-{Guid.NewGuid():N}.npy");
        var result = await VqProcess.RunAsync(Timeout, "simulate", SharedFiles.Qasm("qasmbench/ipea_n2.qasm"), "--state-out", npy);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("terminal", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(npy));
    }

    [Fact]
    public async Task Status_Table_And_Json_FromARunningCoordinator()
    {
        await using var grid = await ProcessGrid.StartAsync();
        grid.StartVolunteer("alice");
        var deadline = DateTime.UtcNow + Timeout;
        while ((await grid.Status.GetGridStatusAsync(new GridStatusRequest())).Hosts.Registered < 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        var table = await VqProcess.RunAsync(Timeout, "status", "--coordinator", grid.Address);
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Contains("volunteers    1 registered", table.Stdout, StringComparison.Ordinal);
        var json = await VqProcess.RunAsync(Timeout, "status", "--coordinator", grid.Address, "--json");
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal(1, document.RootElement.GetProperty("hosts").GetProperty("registered").GetInt32());
        // The host list names volunteers and their accounts: operators only.
        var refused = await VqProcess.RunAsync(Timeout, "status", "--coordinator", grid.Address, "--hosts", "--api-key", "not-a-key");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("does not know this API key", refused.Stderr, StringComparison.Ordinal);
        var hosts = await VqProcess.RunAsync(Timeout, "status", "--coordinator", grid.Address, "--hosts", "--api-key", ProcessGrid.ApiKey);
        Assert.Contains("alice", hosts.Stdout, StringComparison.Ordinal);
    }
}
