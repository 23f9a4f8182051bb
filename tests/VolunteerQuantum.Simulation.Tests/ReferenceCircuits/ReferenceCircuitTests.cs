using System.Numerics;
using System.Text.Json;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.Results;

namespace VolunteerQuantum.Simulation.Tests.ReferenceCircuits;

/// <summary>
/// Every circuit of shared/circuits that has a reference result gives that result on this engine.
/// The references come from an independent spec-literal simulator (every gate expanded to U and CX).
/// Unitary circuits: fidelity with the reference state ≥ 1 − 1e-12 (global phase aside) and every
/// probability within 1e-12. Dynamic circuits: 20,000 shots whose total-variation distance from the
/// exact outcome distribution stays within a bound honest sampling exceeds with probability below 1e-6.
/// </summary>
public sealed class ReferenceCircuitTests
{
    private const long Shots = 20_000;

    public static TheoryData<string> UnitaryCircuits() => Circuits("unitary");

    public static TheoryData<string> DynamicCircuits() => Circuits("dynamic");

    [SharedTheory]
    [MemberData(nameof(UnitaryCircuits))]
    public void UnitaryCircuit_FinalStateAndProbabilities_MatchReference(string name)
    {
        var reference = ReferenceResult.Load(SharedFiles.Reference(name + ".json"));
        var circuit = QasmParser.ParseFile(SharedFiles.Qasm(name + ".qasm"));
        Assert.Equal(reference.NumQubits, circuit.QubitCount);
        using var result = new Simulator().Run(circuit, new SimulationRequest { KeepFinalState = true });
        var state = result.FinalState!;

        if (reference.StateVector() is { } expected)
        {
            Assert.Equal(expected.Length, state.Length);
            var overlap = Complex.Zero;
            for (var i = 0; i < expected.Length; i++)
            {
                overlap += Complex.Conjugate(expected[i]) * state.GetAmplitude(i);
            }
            Assert.True(overlap.Magnitude * overlap.Magnitude >= 1 - 1e-12, $"fidelity {overlap.Magnitude * overlap.Magnitude:R}");
        }

        var root = reference.Root;
        var full = root.TryGetProperty("probabilities", out var probabilities);
        var listed = full ? probabilities : root.GetProperty("probabilities_top256");
        var probability = new double[1];
        var listedMass = 0.0;
        foreach (var entry in listed.EnumerateObject())
        {
            state.GetProbabilities(Convert.ToInt64(entry.Name, 2), probability);
            Assert.True(Math.Abs(probability[0] - entry.Value.GetDouble()) <= 1e-12, $"P({entry.Name}) = {probability[0]:R}, reference {entry.Value.GetDouble():R}");
            listedMass += probability[0];
        }
        if (full)
        {
            // The reference lists every probability above 1e-12: everything else must be (nearly) nothing.
            Assert.True(1 - listedMass <= 1e-12 * Math.Max(1, state.Length / 1e3), $"mass outside the reference's list: {1 - listedMass:R}");
        }
        var marginals = root.GetProperty("marginals_p1").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var actual = Marginals(state);
        for (var q = 0; q < marginals.Length; q++)
        {
            Assert.True(Math.Abs(actual[q] - marginals[q]) <= 1e-12, $"P(q{q} = 1) = {actual[q]:R}, reference {marginals[q]:R}");
        }
    }

    [SharedTheory]
    [MemberData(nameof(DynamicCircuits))]
    public void DynamicCircuit_CountsOver20000Shots_ConsistentWithExactDistribution(string name)
    {
        var reference = ReferenceResult.Load(SharedFiles.Reference(name + ".json"));
        var circuit = QasmParser.ParseFile(SharedFiles.Qasm(name + ".qasm"));
        using var result = new Simulator().Run(circuit, new SimulationRequest { Shots = Shots, Seed = 20261126 });
        var counts = result.Counts!.ToQiskitKeys(circuit);
        var expected = reference.CountsDistribution!;
        Assert.Equal(Shots, counts.Values.Sum());
        Assert.All(counts.Keys, key => Assert.True(expected.ContainsKey(key), $"outcome '{key}' has probability 0 in the reference"));
        var tvd = 0.5 * expected.Keys.Union(counts.Keys).Sum(k => Math.Abs((counts.GetValueOrDefault(k) / (double)Shots) - expected.GetValueOrDefault(k)));
        Assert.True(tvd <= TvdBound(expected.Count, Shots), $"TVD {tvd:G4} above the bound {TvdBound(expected.Count, Shots):G4}");
    }

    [SharedTheory]
    [MemberData(nameof(UnitaryCircuits))]
    public void UnitaryCircuit_SampledCounts_ConsistentWithReferenceDistribution(string name)
    {
        var reference = ReferenceResult.Load(SharedFiles.Reference(name + ".json"));
        if (reference.CountsDistribution is not { } expected || reference.Root.TryGetProperty("counts_distribution_truncated_top256", out _))
        {
            // gatecalls.qasm measures nothing; for the largest circuits the reference keeps only
            // the top 256 outcomes, whose probabilities the state test checks exactly.
            return;
        }
        var circuit = QasmParser.ParseFile(SharedFiles.Qasm(name + ".qasm"));
        using var result = new Simulator().Run(circuit, new SimulationRequest { Shots = Shots, Seed = 7 });
        var counts = result.Counts!.ToQiskitKeys(circuit);
        var tvd = 0.5 * expected.Keys.Union(counts.Keys).Sum(k => Math.Abs((counts.GetValueOrDefault(k) / (double)Shots) - expected.GetValueOrDefault(k)));
        Assert.True(tvd <= TvdBound(Math.Min(expected.Count, (int)Shots), Shots), $"TVD {tvd:G4}");
    }

    [SharedTheory]
    [InlineData("qiskit/exp.qasm", "opaque gate 'magic' has no definition and cannot be simulated")]
    [InlineData("qiskit/opaque_bloch.qasm", "opaque gate 'bloch' has no definition and cannot be simulated")]
    [InlineData("qasmbench/vqe_uccsd_n4.qasm", "undeclared register 'q'")]
    public void CircuitsThatMustBeRejected_RejectedWithTheRightMessage(string file, string message)
    {
        var e = Assert.Throws<QasmException>(() => QasmParser.ParseFile(SharedFiles.Qasm(file)));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.True(e.Line > 0 && e.Column > 0);
    }

    /// <summary>
    /// E[TVD] ≤ ½√(k/N) over k outcomes (Cauchy–Schwarz); one shot moves the TVD by at most 1/N, so
    /// by McDiarmid it exceeds its mean by t = √(ln(10⁶)/(2N)) with probability below 1e-6.
    /// </summary>
    private static double TvdBound(int outcomes, long shots) =>
        (0.5 * Math.Sqrt(outcomes / (double)shots)) + Math.Sqrt(Math.Log(1e6) / (2.0 * shots));

    /// <summary>P(qubit q = 1) for every q, with compensated sums: a marginal adds up 2^(n−1) probabilities.</summary>
    private static double[] Marginals(VolunteerQuantum.Simulation.StateSpace.StateVector state)
    {
        var p1 = new double[state.TotalQubits];
        var compensation = new double[state.TotalQubits];
        var buffer = new double[Math.Min(state.Length, 1 << 16)];
        for (long start = 0; start < state.Length; start += buffer.Length)
        {
            var span = buffer.AsSpan(0, (int)Math.Min(buffer.Length, state.Length - start));
            state.GetProbabilities(start, span);
            for (var i = 0; i < span.Length; i++)
            {
                var index = start + i;
                for (var q = 0; q < p1.Length; q++)
                {
                    if (((index >> q) & 1) != 0)
                    {
                        // Neumaier's compensated summation.
                        var t = p1[q] + span[i];
                        compensation[q] += Math.Abs(p1[q]) >= span[i] ? (p1[q] - t) + span[i] : (span[i] - t) + p1[q];
                        p1[q] = t;
                    }
                }
            }
        }
        for (var q = 0; q < p1.Length; q++)
        {
            p1[q] += compensation[q];
        }
        return p1;
    }

    private static TheoryData<string> Circuits(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var json in Directory.EnumerateFiles(Path.Combine(SharedFiles.Circuits, "reference"), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(json));
            var root = document.RootElement;
            if (root.TryGetProperty("status", out var status) && status.GetString() == "ok"
                && root.TryGetProperty("kind", out var k) && k.GetString() == kind)
            {
                var relative = Path.GetRelativePath(Path.Combine(SharedFiles.Circuits, "reference"), json);
                data.Add(relative[..^".json".Length].Replace('\\', '/'));
            }
        }
        return data;
    }
}
