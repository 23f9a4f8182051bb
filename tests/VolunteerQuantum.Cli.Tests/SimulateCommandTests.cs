using VolunteerQuantum.Cli.Commands;
using VolunteerQuantum.Cli.Output;
using VolunteerQuantum.Grid.Results;

namespace VolunteerQuantum.Cli.Tests;

public sealed class SimulateCommandTests
{
    private static FileInfo Sample(string name) => new(Path.Combine(AppContext.BaseDirectory, "Samples", name));

    [Fact]
    public void Run_Ghz_HalfZerosHalfOnes_SameSeedSameCounts()
    {
        var request = new SimulateCommand.LocalRequest { File = Sample("ghz.qasm"), Shots = 4000, Seed = 5, Threads = 1 };
        var a = SimulateCommand.Run(request, TextWriter.Null, CancellationToken.None);
        var b = SimulateCommand.Run(request with { Threads = 2 }, TextWriter.Null, CancellationToken.None);
        var counts = a.Points[0].Counts!;
        Assert.Equal(["00000", "11111"], counts.Keys.Order(StringComparer.Ordinal));
        Assert.InRange(counts["00000"], 2000 - 190, 2000 + 190);   // 6σ of Binomial(4000, ½)
        Assert.Equal(counts, b.Points[0].Counts);
    }

    [Fact]
    public void Run_NoMeasurementsNothingAsked_ShowsTopProbabilities()
    {
        var file = Path.Combine(Path.GetTempPath(), $"vq-{Guid.NewGuid():N}.qasm");
        File.WriteAllText(file, "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nh q[0];\n");
        var document = SimulateCommand.Run(new SimulateCommand.LocalRequest { File = new FileInfo(file) }, TextWriter.Null, CancellationToken.None);
        var probabilities = document.Points[0].Probabilities!;
        Assert.Equal(0.5, probabilities["00"], 12);
        Assert.Equal(0.5, probabilities["01"], 12);
        Assert.Null(document.Points[0].Counts);
        File.Delete(file);
    }

    [Theory]
    [InlineData("0101", null, "amplitude '0101' is not a bitstring of 5 characters")]
    [InlineData(null, "Z7", "acts on qubit 7, but the circuit has 5 qubits")]
    public void Run_OutputsThatDoNotFitTheCircuit_UsageError(string? amplitude, string? observable, string expected)
    {
        var request = new SimulateCommand.LocalRequest
        {
            File = Sample("ghz.qasm"),
            Amplitudes = amplitude is null ? [] : [amplitude],
            Observables = observable is null ? [] : [observable],
        };
        var e = Assert.Throws<UsageException>(() => SimulateCommand.Run(request, TextWriter.Null, CancellationToken.None));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Printer_ShowsCountsSortedByFrequency_AndTheVerificationSummary()
    {
        var document = new ResultDocument
        {
            Circuit = new CircuitSummary("x.qasm", 2, 2, 3),
            Points = [new ResultPoint { Shots = 10, Counts = new Dictionary<string, long> { ["00"] = 3, ["11"] = 7 } }],
            Verification = new VerificationReport { Units = 1, MinQuorum = 2, ReplicasValid = 2, HostsContributing = 2, HostsPerUnit = [2], UnitsAgreed = 1 },
        };
        using var writer = new StringWriter();
        ResultPrinter.Print(writer, document);
        var text = writer.ToString();
        Assert.True(text.IndexOf("11", StringComparison.Ordinal) < text.IndexOf("  00", StringComparison.Ordinal));
        Assert.Contains("70.00%", text, StringComparison.Ordinal);
        Assert.Contains("verified      1 unit(s), each by at least 2 distinct volunteers", text, StringComparison.Ordinal);
    }
}
