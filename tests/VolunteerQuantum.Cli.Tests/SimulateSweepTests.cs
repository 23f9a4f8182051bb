using VolunteerQuantum.Cli.Commands;
using VolunteerQuantum.Cli.Parsing;
using VolunteerQuantum.Grid.Results;

namespace VolunteerQuantum.Cli.Tests;

/// <summary>`vq simulate --sweep`: one simulation per parameter point, in the grid's point order.</summary>
public sealed class SimulateSweepTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"vq-sweep-{Guid.NewGuid():N}.qasm");

    public SimulateSweepTests() =>
        File.WriteAllText(_file, "OPENQASM 3;\ninclude \"stdgates.inc\";\ninput float theta;\ninput float phi;\nqubit[2] q;\nry(theta) q[0];\nrx(phi) q[1];\n");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Sweep_EveryCombination_ExpectationsAreExact_FirstSweepVariesSlowest()
    {
        var document = SimulateCommand.Run(new SimulateCommand.LocalRequest
        {
            File = new FileInfo(_file),
            Observables = ["Z0", "Z1"],
            Sweeps = ParameterParsing.Sweeps(["theta=0:3.14159:3", "phi=0.5,1.5"]),
            Seed = 1,
        }, TextWriter.Null, CancellationToken.None);

        Assert.True(document.Swept);
        Assert.Equal(6, document.Points.Count);
        double[] thetas = [0, 3.14159 / 2, 3.14159];
        for (var i = 0; i < 6; i++)
        {
            var point = document.Points[i];
            var theta = thetas[i / 2];
            var phi = i % 2 == 0 ? 0.5 : 1.5;
            Assert.Equal(theta, point.Parameters["theta"], 12);
            Assert.Equal(phi, point.Parameters["phi"], 12);
            // ⟨Z⟩ after ry(θ)|0⟩ is cos θ, after rx(φ)|0⟩ cos φ.
            Assert.Equal(Math.Cos(theta), point.Expectations!["Z0"], 12);
            Assert.Equal(Math.Cos(phi), point.Expectations["Z1"], 12);
        }
        var json = ResultJson.ToJson(document);
        Assert.Contains("\"points\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Sweep_Counts_EachPointItsOwnSeed_Reproducible()
    {
        var request = new SimulateCommand.LocalRequest
        {
            File = new FileInfo(_file),
            Shots = 200,
            Sweeps = ParameterParsing.Sweeps(["theta=1,1"]),
            Parameters = new Dictionary<string, double> { ["phi"] = 1 },
            Seed = 9,
        };
        // The circuit measures nothing: shots are refused, as without --sweep.
        Assert.Throws<UsageException>(() => SimulateCommand.Run(request, TextWriter.Null, CancellationToken.None));
        File.AppendAllText(_file, "bit[2] c;\nc = measure q;\n");
        var a = SimulateCommand.Run(request, TextWriter.Null, CancellationToken.None);
        var b = SimulateCommand.Run(request, TextWriter.Null, CancellationToken.None);
        Assert.Equal(a.Points[0].Counts, b.Points[0].Counts);
        Assert.Equal(a.Points[1].Counts, b.Points[1].Counts);
        // Two points with the same parameters but their own streams: not the same samples.
        Assert.NotEqual(a.Points[0].Counts, a.Points[1].Counts);
        Assert.Equal(200, a.Points[1].Counts!.Values.Sum());
    }

    [Theory]
    [InlineData("state-out", "--state-out writes one state")]
    [InlineData("both", "parameter 'theta' is both given (--param) and swept (--sweep)")]
    public void Sweep_Contradictions_UsageError(string kind, string expected)
    {
        var request = new SimulateCommand.LocalRequest
        {
            File = new FileInfo(_file),
            Sweeps = ParameterParsing.Sweeps(["theta=0,1"]),
            Parameters = kind == "both" ? new Dictionary<string, double> { ["theta"] = 1, ["phi"] = 0 } : new Dictionary<string, double> { ["phi"] = 0 },
            StateOut = kind == "state-out" ? new FileInfo(_file + ".npy") : null,
        };
        var e = Assert.Throws<UsageException>(() => SimulateCommand.Run(request, TextWriter.Null, CancellationToken.None));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("theta", "expected name=value")]
    [InlineData("theta=0:1:0", "the count after the second ':' must be a positive integer")]
    public void Sweep_Malformed_FormatError(string sweep, string expected)
    {
        var e = Assert.Throws<FormatException>(() => ParameterParsing.Sweeps([sweep]));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
