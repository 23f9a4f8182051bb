using VolunteerQuantum.Circuits.Gates;

namespace VolunteerQuantum.Circuits.Model;

/// <summary>Builds a <see cref="Circuit"/> in code (tests, benchmarks, generated circuits).</summary>
public sealed class CircuitBuilder
{
    private readonly List<Register> _qregs = [];
    private readonly List<Register> _cregs = [];
    private readonly List<Operation> _ops = [];

    public CircuitBuilder(int qubits, int clbits = 0)
    {
        if (qubits > 0)
        {
            AddQuantumRegister("q", qubits);
        }
        if (clbits > 0)
        {
            AddClassicalRegister("c", clbits);
        }
    }

    public int QubitCount => _qregs.Sum(r => r.Size);

    public int ClbitCount => _cregs.Sum(r => r.Size);

    public Register AddQuantumRegister(string name, int size)
    {
        var r = new Register(name, QubitCount, size);
        _qregs.Add(r);
        return r;
    }

    public Register AddClassicalRegister(string name, int size)
    {
        var r = new Register(name, ClbitCount, size);
        _cregs.Add(r);
        return r;
    }

    public CircuitBuilder Add(Operation operation)
    {
        _ops.Add(operation);
        return this;
    }

    public CircuitBuilder Gate(string name, GateMatrix matrix, params int[] targets) =>
        Add(new GateOperation(name, matrix, targets));

    public CircuitBuilder Controlled(string name, GateMatrix matrix, int[] controls, params int[] targets) =>
        Add(new GateOperation(name, matrix, targets, controls));

    public CircuitBuilder Measure(int qubit, int clbit) => Add(new MeasureOperation(qubit, clbit));

    public CircuitBuilder Reset(int qubit) => Add(new ResetOperation(qubit));

    public CircuitBuilder Barrier(params int[] qubits) => Add(new BarrierOperation(qubits));

    public Circuit Build() => new(_qregs.ToArray(), _cregs.ToArray(), _ops.ToArray());
}
