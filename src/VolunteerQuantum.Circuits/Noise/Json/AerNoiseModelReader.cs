using VolunteerQuantum.Circuits.Gates;

namespace VolunteerQuantum.Circuits.Noise.Json;

/// <summary>
/// Reads Qiskit Aer's <c>NoiseModel.to_dict(serializable=True)</c>: a list of <c>errors</c>, each a
/// <c>qerror</c> (a mixture of instruction sequences with <c>probabilities</c>, attached to the gate names
/// in <c>operations</c>, or to "measure" / "reset", on all qubits or on each tuple in <c>gate_qubits</c>)
/// or a <c>roerror</c> (an assignment matrix on "measure"). Instructions name their qubits within the
/// error (0 … n−1), as Aer does; gate_qubits maps them to circuit qubits in the gate's operand order.
/// </summary>
internal static class AerNoiseModelReader
{
    public static NoiseModel Read(JsonCursor root)
    {
        root.Object("errors", "x90_gates");
        var gates = new List<GateErrorRule>();
        var measure = new List<QubitErrorRule>();
        var reset = new List<QubitErrorRule>();
        var readout = new List<ReadoutErrorRule>();
        foreach (var entry in root.Get("errors").Array())
        {
            var type = entry.Get("type").String();
            switch (type)
            {
                case "qerror":
                    ReadQuantumError(entry, gates, measure, reset);
                    break;
                case "roerror":
                    ReadReadoutError(entry, readout);
                    break;
                default:
                    throw entry.Get("type").Fail($"unknown error type '{type}' (Aer's are qerror and roerror)");
            }
        }
        return new NoiseModel { GateErrors = gates, MeasureErrors = measure, ResetErrors = reset, ReadoutErrors = readout };
    }

    private static void ReadQuantumError(JsonCursor entry, List<GateErrorRule> gates, List<QubitErrorRule> measure, List<QubitErrorRule> reset)
    {
        if (entry.Has("noise_qubits"))
        {
            throw entry.Fail("non-local errors ('noise_qubits': an error on other qubits than the gate's) are not supported");
        }
        entry.Object("type", "id", "operations", "instructions", "probabilities", "gate_qubits");
        var name = entry.TryGet("id", out var id) ? id.String() : "qerror";
        var instructions = entry.Get("instructions").Array();
        var probabilities = entry.Get("probabilities").Array();
        if (instructions.Count != probabilities.Count)
        {
            throw entry.Fail($"{instructions.Count} instruction lists but {probabilities.Count} probabilities");
        }
        var tuples = entry.TryGet("gate_qubits", out var gq) ? gq.Array().Select(t => t.Ints()).ToList() : null;
        var width = instructions.SelectMany(i => i.Array()).Select(i => i.Get("qubits").Ints().DefaultIfEmpty(-1).Max() + 1)
            .Concat(tuples?.Select(t => t.Length) ?? []).DefaultIfEmpty(1).Max();
        var terms = instructions.Select((sequence, i) => new ErrorTerm(probabilities[i].Double(), sequence.Array().SelectMany(ReadInstruction).ToArray())).ToArray();
        var error = entry.At(() => new QuantumError(name, width, terms));

        foreach (var operation in entry.Get("operations").Array())
        {
            var op = operation.String();
            if (op is "measure" or "reset")
            {
                if (width != 1)
                {
                    throw operation.Fail($"a {width}-qubit error on '{op}': measure and reset errors act on one qubit");
                }
                var qubits = tuples?.Select(t => t.Single()).ToArray();
                (op == "measure" ? measure : reset).Add(new QubitErrorRule(qubits, error));
                continue;
            }
            if (tuples is null)
            {
                gates.Add(new GateErrorRule(new HashSet<string>([op], StringComparer.Ordinal), null, error));
                continue;
            }
            foreach (var tuple in tuples)
            {
                gates.Add(new GateErrorRule(new HashSet<string>([op], StringComparer.Ordinal), tuple, error));
            }
        }
    }

    /// <summary>An Aer instruction inside an error: a gate, "pauli", "unitary", "kraus" or "reset"; identities drop out.</summary>
    private static IEnumerable<ErrorStep> ReadInstruction(JsonCursor instruction)
    {
        instruction.Object("name", "qubits", "params");
        var name = instruction.Get("name").String();
        var qubits = instruction.Get("qubits").Ints();
        var parameters = instruction.TryGet("params", out var p) ? p.Array() : [];
        return instruction.At<IEnumerable<ErrorStep>>(() => name switch
        {
            "id" or "i" => [],
            "reset" => qubits.Select(q => new ResetStep(q)).ToArray(),
            "pauli" => [new UnitaryStep(Channels.PauliMatrix(Single(instruction, parameters).String()), qubits)],
            "unitary" => [new UnitaryStep(Single(instruction, parameters).Matrix(), qubits)],
            "kraus" => [new KrausStep(new KrausChannel(parameters.Select(m => m.Matrix()).ToArray()), qubits)],
            "measure" => throw instruction.Fail("a measurement inside an error is not supported (use a roerror for readout errors)"),
            _ => [new UnitaryStep(Gate(instruction, name, parameters.Select(v => v.Double()).ToArray()), qubits)],
        });
    }

    private static JsonCursor Single(JsonCursor instruction, IReadOnlyList<JsonCursor> parameters) =>
        parameters.Count == 1 ? parameters[0] : throw instruction.Fail($"'{instruction.Get("name").String()}' takes one parameter, found {parameters.Count}");

    /// <summary>A standard gate's full matrix on its operands in order (controls first, in the low bits).</summary>
    private static GateMatrix Gate(JsonCursor instruction, string name, double[] parameters)
    {
        if (!StandardGateLibrary.Qelib1.TryGet(name, out var definition) && !StandardGateLibrary.StdGates.TryGet(name, out definition))
        {
            throw instruction.Fail($"unknown instruction '{name}' (gates of qelib1.inc or stdgates.inc, pauli, unitary, kraus, reset)");
        }
        if (parameters.Length != definition.ParameterCount)
        {
            throw instruction.Fail($"'{name}' takes {definition.ParameterCount} parameter(s), found {parameters.Length}");
        }
        var gate = definition.Create(parameters);
        return gate.ControlCount == 0 ? gate.Matrix : StandardGates.ControlledFull(gate.Matrix, gate.ControlCount, 1);
    }

    private static void ReadReadoutError(JsonCursor entry, List<ReadoutErrorRule> readout)
    {
        entry.Object("type", "id", "operations", "probabilities", "gate_qubits");
        var operations = entry.Get("operations").Array().Select(o => o.String()).ToArray();
        if (operations is not ["measure"])
        {
            throw entry.Get("operations").Fail($"a roerror applies to [\"measure\"], found [{string.Join(", ", operations)}]");
        }
        var probabilities = entry.Get("probabilities");
        var error = probabilities.At(() => new ReadoutError(probabilities.Array().Select(r => r.Array().Select(v => v.Double()).ToArray()).ToArray()));
        if (!entry.TryGet("gate_qubits", out var gq))
        {
            readout.Add(new ReadoutErrorRule(null, error));
            return;
        }
        foreach (var tuple in gq.Array())
        {
            var qubits = tuple.Ints();
            if (qubits.Length != 1)
            {
                throw tuple.Fail($"a readout error on {qubits.Length} qubits together (correlated readout) is not supported; give one roerror per qubit");
            }
            readout.Add(new ReadoutErrorRule(qubits, error));
        }
    }
}
