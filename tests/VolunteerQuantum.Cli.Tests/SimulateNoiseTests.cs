using VolunteerQuantum.Circuits.Noise;
using VolunteerQuantum.Cli.Commands;
using VolunteerQuantum.Cli.Output;
using VolunteerQuantum.Grid.Results;

namespace VolunteerQuantum.Cli.Tests;

/// <summary>`vq simulate --noise … [--trajectories N | --method density-matrix]` on the shipped sample model.</summary>
public sealed class SimulateNoiseTests
{
    private static FileInfo Sample(string name) => new(Path.Combine(AppContext.BaseDirectory, "Samples", name));

    private static SimulateCommand.LocalRequest Noisy() => new()
    {
        File = Sample("ghz.qasm"),
        NoiseFile = Sample("noise.json"),
        Seed = 7,
    };

    [Fact]
    public void Trajectories_AgreeWithTheExactDensityMatrixProbabilities()
    {
        var exact = SimulateCommand.Run(Noisy() with { DensityMatrix = true, Observables = ["Z0 Z1"] }, TextWriter.Null, CancellationToken.None).Points[0];
        var probabilities = SimulateCommand.Run(Noisy() with { DensityMatrix = true }, TextWriter.Null, CancellationToken.None).Points[0].Probabilities!;
        var sampled = SimulateCommand.Run(Noisy() with { Shots = 4000, Observables = ["Z0 Z1"] }, TextWriter.Null, CancellationToken.None).Points[0];

        Assert.Equal(1.0, probabilities.Values.Sum(), 12);
        Assert.Equal(32, probabilities.Count);   // readout errors reach every outcome
        Assert.Null(exact.Trajectories);
        Assert.Null(exact.ExpectationErrors);
        Assert.Equal(4000, sampled.Trajectories);   // one trajectory per shot by default
        // Total variation of 4000 shots over 32 outcomes: at most 0.067, from the Bretagnolle–Huber–Carol
        // bound P(‖p̂ − p‖₁ ≥ ε) ≤ 2^32 e^(−Nε²/2): a false alarm below 10⁻⁶.
        var tv = probabilities.Sum(kv => Math.Abs(kv.Value - (sampled.Counts!.GetValueOrDefault(kv.Key) / 4000.0))) / 2;
        Assert.InRange(tv, 0, 0.067);
        var se = sampled.ExpectationErrors!["Z0 Z1"];
        Assert.InRange(sampled.Expectations!["Z0 Z1"], exact.Expectations!["Z0 Z1"] - (5 * se), exact.Expectations["Z0 Z1"] + (5 * se));
    }

    [Fact]
    public void Trajectories_SameSeed_SameCountsOnAnyThreadCount_AndInTheJson()
    {
        var request = Noisy() with { Shots = 500, Trajectories = 100, Threads = 1, Observables = ["X0 X1 X2 X3 X4"] };
        var a = SimulateCommand.Run(request, TextWriter.Null, CancellationToken.None);
        var b = SimulateCommand.Run(request with { Threads = 2 }, TextWriter.Null, CancellationToken.None);
        Assert.Equal(a.Points[0].Counts, b.Points[0].Counts);
        Assert.Equal(a.Points[0].Expectations, b.Points[0].Expectations);
        Assert.Equal(100, a.Points[0].Trajectories);

        var json = ResultJson.ToJson(a);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        var read = ResultJson.Read(stream).Points[0];
        Assert.Equal(100, read.Trajectories);
        Assert.Equal(a.Points[0].ExpectationErrors, read.ExpectationErrors);
        Assert.Equal("trajectories", a.Run["method"]);
        Assert.Equal("noise.json", a.Run["noise"]);
    }

    [Fact]
    public void Printer_ShowsTrajectoriesAndStandardErrors()
    {
        var document = SimulateCommand.Run(Noisy() with { Trajectories = 200, Observables = ["Z0"] }, TextWriter.Null, CancellationToken.None);
        var text = new StringWriter();
        ResultPrinter.Print(text, document);
        Assert.Contains("trajectories  200", text.ToString(), StringComparison.Ordinal);
        Assert.Matches(@"⟨Z0⟩\s+-?\d\.\d{12} ± \d\.\d{12}", text.ToString());
    }

    [Theory]
    [InlineData("noiseless-trajectories", "--trajectories needs --noise")]
    [InlineData("dm-trajectories", "the density-matrix method is exact and runs no trajectories")]
    [InlineData("noisy-amplitudes", "--state-out and --amplitudes describe a pure state")]
    [InlineData("dynamic-mismatch", "give as many --trajectories as --shots (100)")]
    public void Run_NoiseOptionsThatContradict_UsageError(string kind, string expected)
    {
        var request = kind switch
        {
            "noiseless-trajectories" => Noisy() with { NoiseFile = null, Trajectories = 10 },
            "dm-trajectories" => Noisy() with { DensityMatrix = true, Trajectories = 10 },
            "noisy-amplitudes" => Noisy() with { Amplitudes = ["00000"] },
            _ => Noisy() with { File = Sample("teleport.qasm"), Shots = 100, Trajectories = 50 },
        };
        var e = Assert.Throws<UsageException>(() => SimulateCommand.Run(request, TextWriter.Null, CancellationToken.None));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "gates": [ { "names": ["h"], "error": { "type": "bit_flip", "p": 2 } } ] }""", "model.json: gates[0].error: bit flip: probability 2 is outside [0, 1]")]
    [InlineData("""{ "readout": [ { "qubits": [9], "p01": 0.1 } ] }""", "names qubit 9, but the circuit has 5 qubit(s)")]
    [InlineData("", "is empty: there is no noise model in it")]
    public void Run_ABadNoiseModel_IsRefusedNamingTheProblem(string json, string expected)
    {
        var root = Directory.CreateTempSubdirectory("vq-noise-").FullName;
        try
        {
            var path = Path.Combine(root, "model.json");
            File.WriteAllText(path, json);
            var e = Assert.ThrowsAny<Exception>(() => SimulateCommand.Run(Noisy() with { NoiseFile = new FileInfo(path) }, TextWriter.Null, CancellationToken.None));
            Assert.True(e is NoiseModelException or UsageException, e.GetType().Name);
            Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
