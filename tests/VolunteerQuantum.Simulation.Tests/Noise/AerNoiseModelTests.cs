using System.Numerics;
using VolunteerQuantum.Circuits.Noise;
using VolunteerQuantum.Circuits.Noise.Json;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Simulation.Execution;

namespace VolunteerQuantum.Simulation.Tests.Noise;

/// <summary>
/// A noise model in Qiskit Aer's JSON (written here by hand from Aer's documented to_dict format, numbers
/// as Aer computes them) gives the same density matrix and outcome probabilities as the equivalent
/// native model, within 1e-12.
/// </summary>
public sealed class AerNoiseModelTests
{
    private const string Circuit = """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[3];
        creg c[3];
        u3(0.3, 0.2, 0.1) q[0];
        u3(1.1, -0.4, 0.7) q[1];
        cx q[0], q[1];
        u3(2.0, 0.5, -0.3) q[2];
        cx q[1], q[2];
        u3(0.9, 0.0, 1.3) q[0];
        cx q[2], q[0];
        measure q -> c;
        """;

    // depolarizing_error(0.02, 2) on cx: Pauli terms with 1 − 15λ/16 on II and λ/16 on each other one;
    // thermal_relaxation_error(50, 30, 0.5) on u3 (T2 ≤ T1: identity, Z and reset with Aer's probabilities);
    // a readout error on qubit 0 and another on qubit 2.
    private const string AerModel = """
        {
          "errors": [
            {
              "type": "qerror", "id": "depol2", "operations": ["cx"],
              "instructions": [
                [{"name": "pauli", "qubits": [0, 1], "params": ["II"]}], [{"name": "pauli", "qubits": [0, 1], "params": ["IX"]}],
                [{"name": "pauli", "qubits": [0, 1], "params": ["IY"]}], [{"name": "pauli", "qubits": [0, 1], "params": ["IZ"]}],
                [{"name": "pauli", "qubits": [0, 1], "params": ["XI"]}], [{"name": "pauli", "qubits": [0, 1], "params": ["XX"]}],
                [{"name": "pauli", "qubits": [0, 1], "params": ["XY"]}], [{"name": "pauli", "qubits": [0, 1], "params": ["XZ"]}],
                [{"name": "pauli", "qubits": [0, 1], "params": ["YI"]}], [{"name": "pauli", "qubits": [0, 1], "params": ["YX"]}],
                [{"name": "pauli", "qubits": [0, 1], "params": ["YY"]}], [{"name": "pauli", "qubits": [0, 1], "params": ["YZ"]}],
                [{"name": "pauli", "qubits": [0, 1], "params": ["ZI"]}], [{"name": "pauli", "qubits": [0, 1], "params": ["ZX"]}],
                [{"name": "pauli", "qubits": [0, 1], "params": ["ZY"]}], [{"name": "pauli", "qubits": [0, 1], "params": ["ZZ"]}]
              ],
              "probabilities": [0.98125, 0.00125, 0.00125, 0.00125, 0.00125, 0.00125, 0.00125, 0.00125,
                                0.00125, 0.00125, 0.00125, 0.00125, 0.00125, 0.00125, 0.00125, 0.00125]
            },
            {
              "type": "qerror", "id": "thermal", "operations": ["u3"],
              "instructions": [
                [{"name": "id", "qubits": [0]}],
                [{"name": "z", "qubits": [0]}],
                [{"name": "reset", "qubits": [0]}]
              ],
              "probabilities": [0.9867606437853927, 0.0032891899637753266, 0.009950166250831893]
            },
            { "type": "roerror", "operations": ["measure"], "probabilities": [[0.97, 0.03], [0.05, 0.95]], "gate_qubits": [[0]] },
            { "type": "roerror", "operations": ["measure"], "probabilities": [[0.9, 0.1], [0.2, 0.8]], "gate_qubits": [[2]] }
          ],
          "x90_gates": []
        }
        """;

    private const string NativeModel = """
        {
          "gates": [
            { "names": ["cx"], "error": { "type": "depolarizing", "lambda": 0.02, "qubits": 2 } },
            { "names": ["u3"], "error": { "type": "thermal_relaxation", "t1": 50, "t2": 30, "time": 0.5 } }
          ],
          "readout": [
            { "qubits": [0], "p01": 0.03, "p10": 0.05 },
            { "qubits": [2], "assignment": [[0.9, 0.1], [0.2, 0.8]] }
          ]
        }
        """;

    [Fact]
    public void AerJson_GivesTheDensityMatrixOfTheEquivalentNativeModel()
    {
        var circuit = QasmParser.Parse(Circuit);
        using var aer = Run(circuit, NoiseModelJson.Parse(AerModel, "aer.json"));
        using var native = Run(circuit, NoiseModelJson.Parse(NativeModel, "native.json"));

        var dim = 1 << 6;
        var a = new Complex[dim];
        var b = new Complex[dim];
        aer.FinalState!.CopyTo(0, a);
        native.FinalState!.CopyTo(0, b);
        using var noiseless = Run(circuit, NoiseModel.None);
        var moved = 0.0;
        var c = new Complex[dim];
        noiseless.FinalState!.CopyTo(0, c);
        for (var i = 0; i < dim; i++)
        {
            Assert.True(Complex.Abs(a[i] - b[i]) < 1e-12, $"vec ρ[{i}]: Aer {a[i]}, native {b[i]}");
            moved = Math.Max(moved, Complex.Abs(a[i] - c[i]));
        }
        // The noise is really there: the comparison is not between two noiseless runs.
        Assert.True(moved > 1e-3, $"the noisy ρ differs from the noiseless one by only {moved}");

        foreach (var (outcome, p) in native.OutcomeProbabilities!)
        {
            Assert.True(Math.Abs(aer.OutcomeProbabilities![outcome] - p) < 1e-12, $"P({outcome}): Aer {aer.OutcomeProbabilities[outcome]}, native {p}");
        }
        Assert.Equal(native.OutcomeProbabilities!.Count, aer.OutcomeProbabilities!.Count);
    }

    private static SimulationResult Run(Circuits.Model.Circuit circuit, NoiseModel noise) =>
        new Simulator(new SimulationOptions { Method = SimulationMethod.DensityMatrix })
            .Run(circuit, new SimulationRequest { Noise = noise, KeepFinalState = true, Shots = 100, Seed = 1 });
}
