using System.Numerics;
using VolunteerQuantum.Circuits.Noise;
using VolunteerQuantum.Circuits.Noise.Json;

namespace VolunteerQuantum.Circuits.Tests.Noise;

/// <summary>
/// Noise models read from JSON, native and Aer's, against the same channels built in code; and every
/// malformed model refused with a message naming the file and the place.
/// </summary>
public sealed class NoiseModelJsonTests
{
    [Fact]
    public void NativeModel_EveryChannelType_IsTheChannelBuiltInCode()
    {
        var model = NoiseModelJson.Parse("""
            {
              "gates": [
                { "names": ["x"], "error": { "type": "depolarizing", "lambda": 0.01 } },
                { "names": "cx", "error": { "type": "depolarizing", "lambda": 0.02, "qubits": 2 } },
                { "names": ["y"], "error": { "type": "pauli", "probabilities": { "X": 0.01, "Y": 0.02, "Z": 0.03 } } },
                { "names": ["z"], "error": { "type": "bit_flip", "p": 0.04 } },
                { "names": ["h"], "error": { "type": "phase_flip", "p": 0.05 } },
                { "names": ["s"], "error": { "type": "amplitude_damping", "gamma": 0.06 } },
                { "names": ["t"], "error": { "type": "generalized_amplitude_damping", "gamma": 0.07, "excited_population": 0.2 } },
                { "names": ["sdg"], "error": { "type": "phase_damping", "lambda": 0.08 } },
                { "names": ["tdg"], "error": { "type": "thermal_relaxation", "t1": 50, "t2": 70, "time": 0.3, "excited_population": 0.1 } },
                { "names": ["sx"], "error": { "type": "reset", "p0": 0.02, "p1": 0.01 } },
                { "names": ["rx"], "error": { "type": "kraus", "operators": [ [[1, 0], [0, 0.8]], [[0, 0.6], [0, 0]] ] } },
                { "names": ["ry"], "error": [ { "type": "bit_flip", "p": 0.1 }, { "type": "phase_flip", "p": 0.2 } ] }
              ]
            }
            """, "model.json");

        QuantumError[] expected =
        [
            Channels.Depolarizing(0.01),
            Channels.Depolarizing(0.02, 2),
            Channels.Pauli(new Dictionary<string, double> { ["X"] = 0.01, ["Y"] = 0.02, ["Z"] = 0.03 }),
            Channels.BitFlip(0.04),
            Channels.PhaseFlip(0.05),
            Channels.AmplitudeDamping(0.06),
            Channels.GeneralizedAmplitudeDamping(0.07, 0.2),
            Channels.PhaseDamping(0.08),
            Channels.ThermalRelaxation(50, 70, 0.3, 0.1),
            Channels.ResetError(0.02, 0.01),
            Channels.AmplitudeDamping(0.36),
            Channels.BitFlip(0.1).Then(Channels.PhaseFlip(0.2)),
        ];
        Assert.Equal(expected.Length, model.GateErrors.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Null(model.GateErrors[i].Qubits);
            AssertSameChannel(expected[i], model.GateErrors[i].Error, $"rule {i}");
        }
    }

    [Fact]
    public void NativeModel_RulesLandOnTheGatesAndQubitsTheyName()
    {
        var model = NoiseModelJson.Parse("""
            {
              // comments are allowed, as in the README's example
              "gates": [ { "names": ["cx", "cz"], "qubits": [[0, 1], [2, 1]], "error": { "type": "depolarizing", "lambda": 0.1, "qubits": 2 } } ],
              "measure": [ { "qubits": [3], "error": { "type": "bit_flip", "p": 0.1 } } ],
              "reset": [ { "error": { "type": "reset", "p1": 0.05 } } ],
              "idle": [ { "qubits": [0, 2], "error": { "type": "thermal_relaxation", "t1": "inf", "t2": 40, "time": 1 } } ],
              "readout": [ { "p01": 0.02, "p10": 0.03 }, { "qubits": [1], "assignment": [[0.9, 0.1], [0.25, 0.75]] } ]
            }
            """, "model.json");

        Assert.Equal(2, model.GateErrors.Count);
        Assert.Equal([0, 1], model.GateErrors[0].Qubits);
        Assert.Equal([2, 1], model.GateErrors[1].Qubits);
        Assert.True(model.GateErrors[0].Names("cz"));
        Assert.False(model.GateErrors[0].Names("cy"));
        Assert.Equal([3], model.MeasureErrors.Single().Qubits);
        Assert.Null(model.ResetErrors.Single().Qubits);
        Assert.Equal([0, 2], model.IdleErrors.Single().Qubits);
        AssertSameChannel(Channels.ThermalRelaxation(double.PositiveInfinity, 40, 1), model.IdleErrors.Single().Error, "idle");
        Assert.Equal(0.02, model.ReadoutErrors[0].Error.ProbabilityOfReadingOne(false));
        Assert.Equal(0.97, model.ReadoutErrors[0].Error.ProbabilityOfReadingOne(true), 15);
        Assert.Equal(0.75, model.ReadoutErrors[1].Error.ProbabilityOfReadingOne(true));
    }

    [Fact]
    public void AerModel_PauliIdXAndKrausInstructions_AreAersChannels()
    {
        // As NoiseModel.to_dict(serializable=True) writes them: complex entries as [re, im], instruction
        // qubits numbered within the error, gate_qubits in the gate's operand order.
        var model = NoiseModelJson.Parse("""
            {
              "errors": [
                { "type": "qerror", "id": "bitflip", "operations": ["x", "h"],
                  "instructions": [ [ { "name": "id", "qubits": [0] } ], [ { "name": "x", "qubits": [0] } ] ],
                  "probabilities": [0.9, 0.1] },
                { "type": "qerror", "id": "zx", "operations": ["cx"], "gate_qubits": [[1, 0]],
                  "instructions": [ [ { "name": "pauli", "qubits": [0, 1], "params": ["II"] } ], [ { "name": "pauli", "qubits": [0, 1], "params": ["ZX"] } ] ],
                  "probabilities": [0.75, 0.25] },
                { "type": "qerror", "id": "ad", "operations": ["measure"], "gate_qubits": [[2]],
                  "instructions": [ [ { "name": "kraus", "qubits": [0], "params": [
                      [ [[1, 0], [0, 0]], [[0, 0], [0.9486832980505138, 0]] ],
                      [ [[0, 0], [0.31622776601683794, 0]], [[0, 0], [0, 0]] ] ] } ] ],
                  "probabilities": [1.0] },
                { "type": "roerror", "operations": ["measure"], "probabilities": [[0.95, 0.05], [0.1, 0.9]], "gate_qubits": [[0]] }
              ],
              "x90_gates": []
            }
            """, "aer.json");

        Assert.Equal(3, model.GateErrors.Count);
        AssertSameChannel(Channels.BitFlip(0.1), model.GateErrors[0].Error, "x");
        Assert.True(model.GateErrors[1].Names("h"));
        Assert.Equal([1, 0], model.GateErrors[2].Qubits);
        // "ZX": X on the error's qubit 0, Z on its qubit 1 (Qiskit's order, rightmost letter first).
        AssertSameChannel(Channels.Pauli(new Dictionary<string, double> { ["ZX"] = 0.25 }), model.GateErrors[2].Error, "cx");
        Assert.Equal([2], model.MeasureErrors.Single().Qubits);
        AssertSameChannel(Channels.AmplitudeDamping(0.1), model.MeasureErrors.Single().Error, "measure");
        Assert.Equal([0], model.ReadoutErrors.Single().Qubits);
        Assert.Equal(0.05, model.ReadoutErrors.Single().Error.ProbabilityOfReadingOne(false));
    }

    [Theory]
    [InlineData("""{ "gate": [] }""", "unknown field 'gate'")]
    [InlineData("""{ "gates": [ { "names": ["x"], "error": { "type": "depolarizing", "lamda": 0.1 } } ] }""", "gates[0].error: unknown field 'lamda'")]
    [InlineData("""{ "gates": [ { "names": ["x"], "error": { "type": "depolarising", "lambda": 0.1 } } ] }""", "unknown error type 'depolarising'")]
    [InlineData("""{ "gates": [ { "names": ["x"], "error": { "type": "bit_flip" } } ] }""", "the field 'p' is missing")]
    [InlineData("""{ "gates": [ { "names": ["x"], "error": { "type": "bit_flip", "p": 1.5 } } ] }""", "1.5 is outside [0, 1]")]
    [InlineData("""{ "gates": [ { "names": ["x"], "error": { "type": "kraus", "operators": [ [[1, 0], [0, 0.5]] ] } } ] }""", "0.75")]
    [InlineData("""{ "gates": [ { "names": ["x"], "error": { "type": "kraus", "operators": [ [[1, 0, 0], [0, 1, 0], [0, 0, 1]] ] } } ] }""", "2, 4, 8")]
    [InlineData("""{ "gates": [ { "names": ["cx"], "qubits": [0, 1], "error": { "type": "bit_flip", "p": 0.1 } } ] }""", "list of operand lists")]
    [InlineData("""{ "gates": [ { "names": ["cx"], "qubits": [[0, 1, 2]], "error": { "type": "depolarizing", "lambda": 0.1, "qubits": 2 } } ] }""", "cannot act on the 3 operand(s)")]
    [InlineData("""{ "measure": [ { "error": { "type": "depolarizing", "lambda": 0.1, "qubits": 2 } } ] }""", "act on one qubit")]
    [InlineData("""{ "readout": [ { "p01": 0.1, "assignment": [[1, 0], [0, 1]] } ] }""", "not both")]
    [InlineData("""{ "readout": [ { "assignment": [[0.9, 0.2], [0, 1]] } ] }""", "row 0 sums to")]
    [InlineData("""{ "gates": [ { "names": ["x"], "error": { "type": "bit_flip", "p": 0.1 } } }""", "not valid JSON (line 1")]
    [InlineData("""{ "errors": [ { "type": "qerror", "operations": ["x"], "instructions": [[{ "name": "foo", "qubits": [0] }]], "probabilities": [1] } ] }""", "unknown instruction 'foo'")]
    [InlineData("""{ "errors": [ { "type": "qerror", "operations": ["x"], "instructions": [[{ "name": "x", "qubits": [0] }]], "probabilities": [0.5] } ] }""", "sum to 0.5")]
    [InlineData("""{ "errors": [ { "type": "qerror", "operations": ["x"], "instructions": [[{ "name": "x", "qubits": [0] }]], "probabilities": [1], "noise_qubits": [[1]] } ] }""", "non-local errors")]
    [InlineData("""{ "errors": [ { "type": "qerror", "operations": ["x"], "instructions": [[{ "name": "x", "qubits": [0] }], []], "probabilities": [1] } ] }""", "2 instruction lists but 1 probabilities")]
    [InlineData("""{ "errors": [ { "type": "roerror", "operations": ["measure"], "probabilities": [[1, 0], [0, 1]], "gate_qubits": [[0, 1]] } ] }""", "correlated readout")]
    [InlineData("""{ "errors": [ { "type": "xerror" } ] }""", "unknown error type 'xerror'")]
    [InlineData("""{ "errors": [], "gates": [] }""", "unknown field 'gates'")]
    public void MalformedModel_IsRefusedNamingTheFileAndThePlace(string json, string expected)
    {
        var error = Assert.Throws<NoiseModelException>(() => NoiseModelJson.Parse(json, "model.json"));
        Assert.StartsWith("model.json: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Load_MissingFile_NamesIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vq-missing-{Guid.NewGuid():N}.json");
        var error = Assert.Throws<NoiseModelException>(() => NoiseModelJson.Load(path));
        Assert.Contains(path, error.Message);
    }

    /// <summary>Two errors are the same channel when their superoperators Σ K ⊗ K̄ agree (Kraus operators themselves are not unique).</summary>
    private static void AssertSameChannel(QuantumError expected, QuantumError actual, string what)
    {
        Assert.Equal(expected.QubitCount, actual.QubitCount);
        var a = Superoperator(expected);
        var b = Superoperator(actual);
        for (var i = 0; i < a.Length; i++)
        {
            Assert.True(Complex.Abs(a[i] - b[i]) < 1e-12, $"{what}: superoperator entry {i}: expected {a[i]}, got {b[i]}");
        }
    }

    private static Complex[] Superoperator(QuantumError error)
    {
        var dim = 1 << error.QubitCount;
        var s = new Complex[dim * dim * dim * dim];
        foreach (var k in error.ToKraus().Operators)
        {
            for (var r1 = 0; r1 < dim; r1++)
            {
                for (var c1 = 0; c1 < dim; c1++)
                {
                    for (var r2 = 0; r2 < dim; r2++)
                    {
                        for (var c2 = 0; c2 < dim; c2++)
                        {
                            s[(((((r1 * dim) + r2) * dim) + c1) * dim) + c2] += k[r1, c1] * Complex.Conjugate(k[r2, c2]);
                        }
                    }
                }
            }
        }
        return s;
    }
}
