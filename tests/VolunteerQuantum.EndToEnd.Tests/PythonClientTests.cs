using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using VolunteerQuantum.EndToEnd.Tests.Support;

namespace VolunteerQuantum.EndToEnd.Tests;

/// <summary>
/// The Python client (clients/python) against a real coordinator process and two volunteer
/// processes: Python/grid_roundtrip.py submits, watches with a progress callback, reads counts,
/// amplitudes, the state and expectation values, sweeps, cancels, lists, and is refused; every
/// check is made there, and the summary it prints is checked here again.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PythonClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    private const string Ghz = """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[3];
        creg c[3];
        h q[0];
        cx q[0],q[1];
        cx q[1],q[2];
        measure q -> c;
        """;

    private const int Shots = 4000;
    private const ulong Seed = 20240611;

    [PythonFact]
    public async Task GridRoundtrip_SubmitWatchResultsCancel_MatchSimulateAndExactValues_RefusalsRaise()
    {
        await using var grid = await ProcessGrid.StartAsync();
        grid.StartVolunteer("owner0");
        grid.StartVolunteer("owner1");

        var ghz = Path.Combine(grid.Root, "ghz.qasm");
        await File.WriteAllTextAsync(ghz, Ghz);
        var simulated = await VqProcess.RunAsync(Timeout, "simulate", ghz, "--shots", Shots.ToString(CultureInfo.InvariantCulture),
            "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--json");
        Assert.True(simulated.ExitCode == 0, simulated.Stderr);
        var expected = Path.Combine(grid.Root, "simulated.json");
        await File.WriteAllTextAsync(expected, simulated.Stdout);

        var script = Path.Combine(ScriptProcess.RepositoryRoot, "tests", "VolunteerQuantum.EndToEnd.Tests", "Python", "grid_roundtrip.py");
        var (code, stdout, stderr) = await PythonClient.RunAsync(PythonClient.Python!, Timeout,
            // Generated message modules go to the grid's folder, not into the checkout.
            new Dictionary<string, string> { ["VQ_PYTHON_STUBS"] = Path.Combine(grid.Root, "python-stubs") },
            script, "--address", grid.Address, "--api-key", ProcessGrid.ApiKey, "--ghz", ghz, "--expected", expected,
            "--shots", Shots.ToString(CultureInfo.InvariantCulture), "--seed", Seed.ToString(CultureInfo.InvariantCulture),
            "--closed-port", FreePorts.Next().ToString(CultureInfo.InvariantCulture));
        Assert.True(code == 0, $"grid_roundtrip.py exited {code}:\n{stderr}\n{stdout}\nvolunteers:\n"
            + string.Join("\n---\n", grid.Volunteers.Select(v => v.StandardOutput + v.StandardError)));

        using var summary = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        var root = summary.RootElement;
        Assert.True(root.GetProperty("progress_calls").GetInt32() >= 1);
        Assert.Equal(1, root.GetProperty("units").GetInt32());
        using var reference = JsonDocument.Parse(simulated.Stdout);
        Assert.Equal(Counts(reference.RootElement.GetProperty("counts")), Counts(root.GetProperty("counts")));
        Assert.True(root.GetProperty("state_max_error").GetDouble() <= 1e-9);
        Assert.Contains("frobnicate", root.GetProperty("refusal").GetString(), StringComparison.Ordinal);
        Assert.Contains(grid.Address, root.GetProperty("unauthenticated").GetString(), StringComparison.Ordinal);
        Assert.Contains("unavailable", root.GetProperty("unavailable").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The client's own unit tests (clients/python/tests), run here so that CI runs them.</summary>
    [PythonFact]
    public async Task PythonUnitTests_Unittest_AllPass()
    {
        var root = Directory.CreateTempSubdirectory("vq-pyunit-").FullName;
        try
        {
            var (code, stdout, stderr) = await PythonClient.RunAsync(PythonClient.Python!, Timeout,
                new Dictionary<string, string> { ["VQ_PYTHON_STUBS"] = Path.Combine(root, "python-stubs") },
                "-m", "unittest", "discover", "-s", Path.Combine(PythonClient.PackageRoot, "tests"), "-v");
            // unittest reports on stderr: "Ran N tests … OK".
            Assert.True(code == 0, $"python -m unittest exited {code}:\n{stderr}\n{stdout}");
            Assert.Matches(@"Ran [1-9]\d* tests", stderr);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [PythonFact]
    public async Task TlsPin_SelfSignedCoordinator_PinnedTrusted_WrongPinAndNoPinRefused()
    {
        var root = Directory.CreateTempSubdirectory("vq-e2e-pytls-").FullName;
        try
        {
            var port = FreePorts.Next();
            using var coordinator = VqProcess.Start(
                "coordinator", "--tls", "self-signed", "--data-dir", Path.Combine(root, "coordinator"),
                "--grpc-port", port.ToString(CultureInfo.InvariantCulture), "--http-port", "-1", "--api-key", "admin=k");
            await coordinator.WaitForOutputAsync("coordinator   gRPC", TimeSpan.FromSeconds(60));
            await coordinator.WaitForOutputAsync("certificate sha256:", TimeSpan.FromSeconds(10));
            var pin = Regex.Match(coordinator.StandardOutput, "sha256:[0-9a-f]{64}").Value;
            Assert.NotEmpty(pin);

            var script = Path.Combine(ScriptProcess.RepositoryRoot, "tests", "VolunteerQuantum.EndToEnd.Tests", "Python", "tls_pin.py");
            var (code, stdout, stderr) = await PythonClient.RunAsync(PythonClient.Python!, Timeout,
                new Dictionary<string, string> { ["VQ_PYTHON_STUBS"] = Path.Combine(root, "python-stubs") },
                script, "--port", port.ToString(CultureInfo.InvariantCulture), "--api-key", "k", "--pin", pin);
            Assert.True(code == 0, $"tls_pin.py exited {code}:\n{stderr}\n{stdout}\ncoordinator:\n{coordinator.StandardOutput}\n{coordinator.StandardError}");
            Assert.Equal("ok", stdout.Trim());
            Assert.DoesNotContain("fail:", coordinator.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static Dictionary<string, long> Counts(JsonElement counts) =>
        counts.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
}
