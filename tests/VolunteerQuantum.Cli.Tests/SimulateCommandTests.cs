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

    [Theory]
    [InlineData("missing", "no such file: ")]
    [InlineData("directory", "is a directory, not an OpenQASM file")]
    [InlineData("empty", "is empty: there is no OpenQASM program in it")]
    [InlineData("blank", "is empty: there is no OpenQASM program in it")]
    public void Run_AFileThatIsNoProgram_SaysWhatIsWrongWithThePath(string kind, string expected)
    {
        var root = Directory.CreateTempSubdirectory("vq-file-").FullName;
        try
        {
            var path = Path.Combine(root, "circuit.qasm");
            switch (kind)
            {
                case "directory":
                    Directory.CreateDirectory(path);
                    break;
                case "empty":
                    File.WriteAllText(path, "");
                    break;
                case "blank":
                    File.WriteAllText(path, "\n  \t\n");
                    break;
            }
            var e = Assert.Throws<UsageException>(() => SimulateCommand.Run(new SimulateCommand.LocalRequest { File = new FileInfo(path) }, TextWriter.Null, CancellationToken.None));
            Assert.Contains(expected, e.Message, StringComparison.Ordinal);
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(":1:1:", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Run_SixtyQubits_TheMemoryRefusalTheCommandPrintsAsOneLine()
    {
        // StateTooLargeException is what CommandErrors turns into one error line and exit code 1;
        // before, 41 qubits and more ended in an ArgumentOutOfRangeException and a stack trace.
        var path = Path.Combine(Path.GetTempPath(), $"vq-{Guid.NewGuid():N}.qasm");
        File.WriteAllText(path, "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[60];\nh q[0];\n");
        try
        {
            var e = Assert.Throws<VolunteerQuantum.Simulation.StateTooLargeException>(() => SimulateCommand.Run(new SimulateCommand.LocalRequest { File = new FileInfo(path) }, TextWriter.Null, CancellationToken.None));
            Assert.Contains("a 60-qubit state vector has 2^60 amplitudes (8.00 EiB in single precision, 16.00 EiB in double)", e.Message, StringComparison.Ordinal);
            Assert.Contains("at most 40 qubits", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Run_ShotsOfACircuitThatMeasuresNothing_RefusedWithWhatToDoInstead()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vq-{Guid.NewGuid():N}.qasm");
        File.WriteAllText(path, "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\nh q[0];\n");
        try
        {
            var e = Assert.Throws<UsageException>(() => SimulateCommand.Run(new SimulateCommand.LocalRequest { File = new FileInfo(path), Shots = 1000 }, TextWriter.Null, CancellationToken.None));
            Assert.Contains("the circuit measures nothing", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Run_MaxOperations_IsTheParsersLimit()
    {
        var request = new SimulateCommand.LocalRequest { File = Sample("ghz.qasm"), Shots = 10, MaxOperations = 3 };
        var e = Assert.Throws<VolunteerQuantum.Circuits.Qasm.QasmException>(() => SimulateCommand.Run(request, TextWriter.Null, CancellationToken.None));
        Assert.Contains("more than 3 operations", e.Message, StringComparison.Ordinal);
        Assert.NotNull(SimulateCommand.Run(request with { MaxOperations = 1000 }, TextWriter.Null, CancellationToken.None).Points[0].Counts);
        Assert.Throws<UsageException>(() => SimulateCommand.Run(request with { MaxOperations = 0 }, TextWriter.Null, CancellationToken.None));
    }

    [Theory]
    [InlineData(2.220446049250313e-16, 12, "0.000000000000")]
    [InlineData(-1e-17, 12, "0.000000000000")]
    [InlineData(-0.5, 12, "-0.500000000000")]
    [InlineData(1.0 / 3, 10, "0.3333333333")]
    public void Fixed_NeverExponentNotationNorNegativeZero(double value, int decimals, string expected) =>
        Assert.Equal(expected, ResultPrinter.Fixed(value, decimals));

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
