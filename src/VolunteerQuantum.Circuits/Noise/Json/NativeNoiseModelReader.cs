using System.Text.Json;

namespace VolunteerQuantum.Circuits.Noise.Json;

/// <summary>
/// Reads VolunteerQuantum's own noise-model format (documented in the README): rules under
/// <c>gates</c>, <c>measure</c>, <c>reset</c>, <c>idle</c> and <c>readout</c>, each with an error
/// written by channel name and parameters, or a list of errors applied in order.
/// </summary>
internal static class NativeNoiseModelReader
{
    public static NoiseModel Read(JsonCursor root)
    {
        root.Object("gates", "measure", "reset", "idle", "readout");
        return new NoiseModel
        {
            GateErrors = Rules(root, "gates").SelectMany(ReadGateRule).ToArray(),
            MeasureErrors = Rules(root, "measure").Select(ReadQubitRule).ToArray(),
            ResetErrors = Rules(root, "reset").Select(ReadQubitRule).ToArray(),
            IdleErrors = Rules(root, "idle").Select(ReadQubitRule).ToArray(),
            ReadoutErrors = Rules(root, "readout").Select(ReadReadoutRule).ToArray(),
        };
    }

    private static IReadOnlyList<JsonCursor> Rules(JsonCursor root, string name) =>
        root.TryGet(name, out var rules) ? rules.Array() : [];

    private static IEnumerable<GateErrorRule> ReadGateRule(JsonCursor rule)
    {
        rule.Object("names", "qubits", "error");
        var namesField = rule.Get("names");
        var names = namesField.Element.ValueKind == JsonValueKind.String
            ? [namesField.String()]
            : namesField.Array().Select(n => n.String()).ToArray();
        if (names.Length == 0)
        {
            throw namesField.Fail("no gate names (use \"*\" for every gate)");
        }
        var gates = new HashSet<string>(names, StringComparer.Ordinal);
        var error = ReadError(rule.Get("error"));
        if (!rule.TryGet("qubits", out var tuples))
        {
            return [new GateErrorRule(gates, null, error)];
        }
        return tuples.Array().Select(tuple =>
        {
            if (tuple.Element.ValueKind != JsonValueKind.Array)
            {
                throw tuple.Fail("gate qubits are a list of operand lists in the gate's order, e.g. [[0, 1], [1, 2]] for cx 0,1 and cx 1,2");
            }
            var qubits = tuple.Ints();
            return qubits.Length == error.QubitCount || error.QubitCount == 1
                ? new GateErrorRule(gates, qubits, error)
                : throw tuple.Fail($"the {error.QubitCount}-qubit error '{error.Name}' cannot act on the {qubits.Length} operand(s) [{string.Join(", ", qubits)}]");
        }).ToArray();
    }

    private static QubitErrorRule ReadQubitRule(JsonCursor rule)
    {
        rule.Object("qubits", "error");
        var qubits = rule.TryGet("qubits", out var q) ? q.Ints() : null;
        var error = ReadError(rule.Get("error"));
        return error.QubitCount == 1 ? new QubitErrorRule(qubits, error) : throw rule.Get("error").Fail($"a {error.QubitCount}-qubit error here; measure, reset and idle errors act on one qubit");
    }

    private static ReadoutErrorRule ReadReadoutRule(JsonCursor rule)
    {
        rule.Object("qubits", "p01", "p10", "assignment");
        var qubits = rule.TryGet("qubits", out var q) ? q.Ints() : null;
        if (rule.TryGet("assignment", out var assignment))
        {
            if (rule.Has("p01") || rule.Has("p10"))
            {
                throw rule.Fail("give either 'assignment' or 'p01'/'p10', not both");
            }
            return new ReadoutErrorRule(qubits, assignment.At(() => new ReadoutError(assignment.Array().Select(r => r.Array().Select(v => v.Double()).ToArray()).ToArray())));
        }
        return new ReadoutErrorRule(qubits, rule.At(() => ReadoutError.FromFlipProbabilities(rule.Double("p01", 0), rule.Double("p10", 0))));
    }

    /// <summary>One channel by name, or a list of them applied one after the other on the same qubits.</summary>
    internal static QuantumError ReadError(JsonCursor error)
    {
        if (error.Element.ValueKind == JsonValueKind.Array)
        {
            var parts = error.Array().Select(ReadError).ToArray();
            return parts.Length == 0 ? throw error.Fail("an empty list of errors") : error.At(() => parts.Aggregate((a, b) => a.Then(b)));
        }
        var type = error.Get("type").String();
        return error.At(() => type switch
        {
            "depolarizing" => With(error, ["lambda", "qubits"], () => Channels.Depolarizing(error.Double("lambda"), error.TryGet("qubits", out var n) ? n.Int() : 1)),
            "pauli" => With(error, ["probabilities"], () => Channels.Pauli(error.Get("probabilities").Object(Labels(error)).Element.EnumerateObject()
                .ToDictionary(p => p.Name, p => error.Get("probabilities").Get(p.Name).Double(), StringComparer.Ordinal))),
            "bit_flip" => With(error, ["p"], () => Channels.BitFlip(error.Double("p"))),
            "phase_flip" => With(error, ["p"], () => Channels.PhaseFlip(error.Double("p"))),
            "amplitude_damping" => With(error, ["gamma"], () => Channels.AmplitudeDamping(error.Double("gamma"))),
            "generalized_amplitude_damping" => With(error, ["gamma", "excited_population"], () => Channels.GeneralizedAmplitudeDamping(error.Double("gamma"), error.Double("excited_population"))),
            "phase_damping" => With(error, ["lambda"], () => Channels.PhaseDamping(error.Double("lambda"))),
            "thermal_relaxation" => With(error, ["t1", "t2", "time", "excited_population"], () =>
                Channels.ThermalRelaxation(error.Double("t1"), error.Double("t2"), error.Double("time"), error.Double("excited_population", 0))),
            "reset" => With(error, ["p0", "p1"], () => Channels.ResetError(error.Double("p0", 0), error.Double("p1", 0))),
            "kraus" => With(error, ["operators"], () => Channels.Kraus(error.Get("operators").Array().Select(m => m.Matrix()).ToArray())),
            "unitary" => With(error, ["matrix"], () => Unitary(error.Get("matrix"))),
            _ => throw error.Get("type").Fail($"unknown error type '{type}' (known: depolarizing, pauli, bit_flip, phase_flip, amplitude_damping, generalized_amplitude_damping, phase_damping, thermal_relaxation, reset, kraus, unitary)"),
        });
    }

    private static QuantumError Unitary(JsonCursor field)
    {
        var matrix = field.Matrix();
        var qubits = Enumerable.Range(0, matrix.QubitCount).ToArray();
        return new QuantumError("unitary", matrix.QubitCount, [new ErrorTerm(1, [new UnitaryStep(matrix, qubits)])]);
    }

    /// <summary>The Pauli labels present, so the strict object check accepts exactly those.</summary>
    private static string[] Labels(JsonCursor error)
    {
        var probabilities = error.Get("probabilities");
        return probabilities.Element.ValueKind == JsonValueKind.Object
            ? probabilities.Element.EnumerateObject().Select(p => p.Name).ToArray()
            : throw probabilities.Fail("expected an object of Pauli strings and probabilities, e.g. {\"X\": 0.01, \"Z\": 0.02}");
    }

    /// <summary>Checks that the error has only its type and <paramref name="parameters"/>, then builds it.</summary>
    private static QuantumError With(JsonCursor error, string[] parameters, Func<QuantumError> build)
    {
        error.Object(["type", .. parameters]);
        return build();
    }
}
