using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Noise;

/// <summary>
/// Where errors happen: after gates (by name, on all or on specific qubits), before measurements,
/// after resets, in idle layers, and in the readout of measured bits. <see cref="Apply"/> turns a
/// circuit into a <see cref="NoisyCircuit"/> with the errors as explicit operations.
/// </summary>
public sealed class NoiseModel
{
    public IReadOnlyList<GateErrorRule> GateErrors { get; init; } = [];

    /// <summary>Errors just before a qubit is measured (Aer's qerror on "measure").</summary>
    public IReadOnlyList<QubitErrorRule> MeasureErrors { get; init; } = [];

    /// <summary>Errors just after a qubit is reset (Aer's qerror on "reset").</summary>
    public IReadOnlyList<QubitErrorRule> ResetErrors { get; init; } = [];

    /// <summary>
    /// Errors for each layer a qubit waits between two of its operations. Layers are the circuit's
    /// as-soon-as-possible schedule: an operation runs one layer after the latest of its qubits' last ones.
    /// </summary>
    public IReadOnlyList<QubitErrorRule> IdleErrors { get; init; } = [];

    public IReadOnlyList<ReadoutErrorRule> ReadoutErrors { get; init; } = [];

    /// <summary>The model without any error.</summary>
    public static NoiseModel None { get; } = new();

    public bool IsEmpty => GateErrors.Count == 0 && MeasureErrors.Count == 0 && ResetErrors.Count == 0 && IdleErrors.Count == 0 && ReadoutErrors.Count == 0;

    /// <summary>Checks that every qubit the model names exists in a circuit of <paramref name="qubits"/> qubits.</summary>
    public void Validate(int qubits)
    {
        foreach (var (kind, rule) in MeasureErrors.Select(r => ("measure", r)).Concat(ResetErrors.Select(r => ("reset", r))).Concat(IdleErrors.Select(r => ("idle", r))))
        {
            if (rule.Error.QubitCount != 1)
            {
                throw new NoiseModelException($"the {kind} error '{rule.Error.Name}' acts on {rule.Error.QubitCount} qubits; {kind} errors act on one qubit");
            }
        }
        foreach (var q in GateErrors.SelectMany(r => r.Qubits ?? [])
            .Concat(MeasureErrors.Concat(ResetErrors).Concat(IdleErrors).SelectMany(r => r.Qubits ?? []))
            .Concat(ReadoutErrors.SelectMany(r => r.Qubits ?? [])))
        {
            if (q < 0 || q >= qubits)
            {
                throw new NoiseModelException($"the noise model names qubit {q}, but the circuit has {qubits} qubit(s) (0 to {qubits - 1})");
            }
        }
    }

    public NoisyCircuit Apply(Circuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        Validate(circuit.QubitCount);
        var depth = new int[circuit.QubitCount];
        var operations = Insert(circuit.Operations, depth, scheduleIdle: IdleErrors.Count > 0);
        var noisy = new Circuit(circuit.QuantumRegisters, circuit.ClassicalRegisters, operations, circuit.Warnings, circuit.InputParameters);
        var readout = new ReadoutError?[circuit.QubitCount];
        for (var q = 0; q < readout.Length; q++)
        {
            readout[q] = ReadoutErrors.LastOrDefault(r => r.Qubits?.Contains(q) == true)?.Error
                ?? ReadoutErrors.LastOrDefault(r => r.Qubits is null)?.Error;
        }
        return new NoisyCircuit(noisy, readout);
    }

    private List<Operation> Insert(IReadOnlyList<Operation> operations, int[] depth, bool scheduleIdle)
    {
        var output = new List<Operation>(operations.Count * 2);
        foreach (var op in operations)
        {
            if (scheduleIdle && op is not BarrierOperation && op.Qubits.Count > 0)
            {
                AddIdle(output, op.Qubits, depth);
            }
            switch (op)
            {
                case GateOperation gate:
                    output.Add(gate);
                    AddGateErrors(output, gate);
                    break;
                case MeasureOperation measure:
                    AddQubitErrors(output, MeasureErrors, measure.Qubit);
                    output.Add(measure);
                    break;
                case ResetOperation reset:
                    output.Add(reset);
                    AddQubitErrors(output, ResetErrors, reset.Qubit);
                    break;
                case MeasureIntoVariableOperation measure:
                    AddQubitErrors(output, MeasureErrors, measure.Qubit);
                    output.Add(measure);
                    break;
                case WhileOperation loop:
                    output.Add(loop with { Body = Insert(loop.Body, new int[depth.Length], scheduleIdle: false) });
                    break;
                case BlockOperation block:
                    output.Add(block with { Body = Insert(block.Body, new int[depth.Length], scheduleIdle: false) });
                    break;
                case ConditionalOperation conditional:
                    // Idle layers are not scheduled inside a conditional body: the body runs in the conditional's layer.
                    output.Add(conditional with
                    {
                        Then = Insert(conditional.Then, new int[depth.Length], scheduleIdle: false),
                        Else = Insert(conditional.Else, new int[depth.Length], scheduleIdle: false),
                    });
                    break;
                default:
                    output.Add(op);
                    break;
            }
        }
        return output;
    }

    private void AddGateErrors(List<Operation> output, GateOperation gate)
    {
        if (gate.Qubits.Count == 0)
        {
            return; // a global phase touches no qubit
        }
        // Operand order as written: controls first (cx c, t → [c, t]), then targets.
        int[] qubits = [.. gate.Controls, .. gate.Targets];
        var local = GateErrors.Where(r => r.Qubits is not null && r.Names(gate.Name) && r.Qubits.SequenceEqual(qubits)).ToList();
        var rules = local.Count > 0 ? local : GateErrors.Where(r => r.Qubits is null && r.Names(gate.Name)).ToList();
        foreach (var rule in rules)
        {
            if (rule.Error.QubitCount == qubits.Length)
            {
                output.Add(new ChannelOperation(rule.Error, qubits) { Location = gate.Location });
            }
            else if (rule.Error.QubitCount == 1)
            {
                // A one-qubit error on a wider gate acts on each of its qubits.
                output.AddRange(qubits.Select(q => new ChannelOperation(rule.Error, [q]) { Location = gate.Location }));
            }
            else if (!rule.Gates.Contains(GateErrorRule.AllGates))
            {
                throw new NoiseModelException($"the {rule.Error.QubitCount}-qubit error '{rule.Error.Name}' is attached to '{gate.Name}', which acts on {qubits.Length} qubit(s)" + (gate.Location is { } at ? $" (line {at.Line})" : ""));
            }
        }
    }

    private static void AddQubitErrors(List<Operation> output, IReadOnlyList<QubitErrorRule> rules, int qubit)
    {
        // As for gates (and in Aer), rules naming the qubit replace the all-qubit rules there.
        var local = rules.Where(r => r.Qubits?.Contains(qubit) == true).ToList();
        foreach (var rule in local.Count > 0 ? local : rules.Where(r => r.Qubits is null))
        {
            output.Add(new ChannelOperation(rule.Error, [qubit]));
        }
    }

    private void AddIdle(List<Operation> output, IReadOnlyList<int> qubits, int[] depth)
    {
        var layer = qubits.Max(q => depth[q]) + 1;
        foreach (var q in qubits)
        {
            // Only waits between two operations count: before its first one a qubit is not yet in use.
            if (depth[q] > 0)
            {
                for (var wait = depth[q] + 1; wait < layer; wait++)
                {
                    AddQubitErrors(output, IdleErrors, q);
                }
            }
            depth[q] = layer;
        }
    }
}
