using System.Numerics;
using System.Text.Json;
using VolunteerQuantum.Grid.Recombination;
using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Grid.Units;

namespace VolunteerQuantum.Grid.Tests;

public sealed class ResultJsonTests
{
    [Fact]
    public void WriteThenRead_RoundTripsEveryField_DoublesExactly()
    {
        var document = new ResultDocument
        {
            Circuit = new CircuitSummary("x.qasm", 3, 2, 17),
            Precision = "single",
            Seed = ulong.MaxValue,
            Points = [new ResultPoint
            {
                Shots = 10,
                Counts = new Dictionary<string, long> { ["1 0"] = 3, ["0 1"] = 7 },
                Amplitudes = new Dictionary<string, Complex> { ["101"] = new(0.1 / 3, -Math.PI) },
                Expectations = new Dictionary<string, double> { ["Z0 Z1"] = 1.0 / 7 },
                Probabilities = new Dictionary<string, double> { ["000"] = 0.25 },
                State = "out.npy",
            }],
            Timings = new Dictionary<string, double> { ["total"] = 1.5 },
            Verification = new VerificationReport { Units = 1, MinQuorum = 2, ReplicasValid = 2, HostsPerUnit = [2] },
            Warnings = ["w"],
            Run = new Dictionary<string, string> { ["project"] = "p1", ["threads"] = "2", ["plan"] = "007" },
        };
        using var stream = new MemoryStream();
        ResultJson.Write(stream, document);
        stream.Position = 0;
        using (var json = JsonDocument.Parse(stream))
        {
            // Counts are JSON numbers; text that only looks numeric ("007") stays text.
            var run = json.RootElement.GetProperty("run");
            Assert.Equal(JsonValueKind.Number, run.GetProperty("threads").ValueKind);
            Assert.Equal(JsonValueKind.String, run.GetProperty("plan").ValueKind);
            Assert.Equal(JsonValueKind.String, run.GetProperty("project").ValueKind);
        }
        stream.Position = 0;
        var back = ResultJson.Read(stream);
        Assert.Equal("2", back.Run["threads"]);
        Assert.Equal("007", back.Run["plan"]);
        Assert.Equal(document.Circuit, back.Circuit);
        Assert.Equal(document.Seed, back.Seed);
        var p = Assert.Single(back.Points);
        Assert.Equal(new Complex(0.1 / 3, -Math.PI), p.Amplitudes!["101"]);
        Assert.Equal(1.0 / 7, p.Expectations!["Z0 Z1"]);
        Assert.Equal(7, p.Counts!["0 1"]);
        Assert.Equal("out.npy", p.State);
        Assert.Equal([2], back.Verification!.HostsPerUnit);
        Assert.Equal("p1", back.Run["project"]);
    }

    [Fact]
    public void Write_CountsSortedByKey_SweptPointsUnderPoints()
    {
        var document = new ResultDocument
        {
            Circuit = new CircuitSummary("x", 1, 1, 1),
            Swept = true,
            Points = [new ResultPoint { Parameters = new Dictionary<string, double> { ["t"] = 0.5 }, Shots = 2, Counts = new Dictionary<string, long> { ["1"] = 1, ["0"] = 1 } }],
        };
        using var json = JsonDocument.Parse(ResultJson.ToJson(document));
        var point = json.RootElement.GetProperty("points")[0];
        Assert.Equal(0.5, point.GetProperty("parameters").GetProperty("t").GetDouble());
        Assert.Equal(["0", "1"], point.GetProperty("counts").EnumerateObject().Select(p => p.Name));
        Assert.False(json.RootElement.TryGetProperty("counts", out _));
    }

    [Fact]
    public void Recombine_AddsCountsOfAPoint_AveragesExpectations_KeepsAmplitudes()
    {
        WorkUnitSpec Unit(int index, long shots) => new() { Index = index, Kind = UnitKind.Whole, MemoryBytes = 1, Cost = 1, GateCount = 1, Whole = new WholeUnitSpec { Shots = shots } };
        var units = new List<(WorkUnitSpec, UnitResult)>
        {
            (Unit(0, 10), new UnitResult { Counts = new Dictionary<string, long> { ["0"] = 6, ["1"] = 4 }, Expectations = new Dictionary<string, double> { ["Z0"] = 0.2 }, Amplitudes = new Dictionary<string, Complex> { ["0"] = Complex.One } }),
            (Unit(1, 5), new UnitResult { Counts = new Dictionary<string, long> { ["1"] = 5 }, Expectations = new Dictionary<string, double> { ["Z0"] = 0.4 } }),
        };
        var point = Assert.Single(WholeRecombiner.Combine([new Dictionary<string, double>()], units));
        Assert.Equal(15, point.Shots);
        Assert.Equal(6, point.Counts!["0"]);
        Assert.Equal(9, point.Counts["1"]);
        Assert.Equal(0.3, point.Expectations!["Z0"], 15);
        Assert.Equal(Complex.One, point.Amplitudes!["0"]);
    }
}
