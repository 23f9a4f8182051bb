using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Qasm.Syntax;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>
/// Quantum and classical registers in declaration order (their offsets give global indices), and
/// the one namespace they share with OpenQASM 3 input parameters.
/// </summary>
internal sealed class RegisterTable
{
    // Far beyond what any simulator holds, and small enough that offsets never overflow.
    private const int MaxBits = 1 << 20;

    private readonly List<Register> _quantum = [];
    private readonly List<Register> _classical = [];
    private readonly Dictionary<string, (Register Register, bool IsQuantum, bool IsScalar)> _registers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public IReadOnlyList<Register> Quantum => _quantum;

    public IReadOnlyList<Register> Classical => _classical;

    public int QubitCount { get; private set; }

    public int ClbitCount { get; private set; }

    /// <summary>Claims a name in the shared namespace; "duplicate declaration of 'q'" if taken.</summary>
    public void ReserveName(string name, SourceLocation location)
    {
        if (!_names.Add(name))
        {
            throw new QasmException(location, $"duplicate declaration of '{name}'");
        }
    }

    public void Declare(RegisterDeclaration declaration)
    {
        ReserveName(declaration.Name, declaration.NameLocation);
        var total = declaration.IsQuantum ? QubitCount : ClbitCount;
        if ((long)total + declaration.Size > MaxBits)
        {
            throw new QasmException(declaration.NameLocation, $"too many {(declaration.IsQuantum ? "qubits" : "clbits")}: more than {MaxBits}");
        }
        var register = new Register(declaration.Name, total, declaration.Size);
        _registers[declaration.Name] = (register, declaration.IsQuantum, declaration.IsScalar);
        if (declaration.IsQuantum)
        {
            _quantum.Add(register);
            QubitCount += declaration.Size;
        }
        else
        {
            _classical.Add(register);
            ClbitCount += declaration.Size;
        }
    }

    public ResolvedOperand ResolveQubits(Operand operand, EvaluationScope scope) => Resolve(operand, scope, quantum: true);

    public ResolvedOperand ResolveClbits(Operand operand, EvaluationScope scope) => Resolve(operand, scope, quantum: false);

    /// <summary>"q[3]" for global qubit 3 when q is the first register.</summary>
    public string DescribeQubit(int qubit)
    {
        var register = _quantum.First(r => qubit >= r.Offset && qubit < r.Offset + r.Size);
        return $"{register.Name}[{qubit - register.Offset}]";
    }

    private ResolvedOperand Resolve(Operand operand, EvaluationScope scope, bool quantum)
    {
        var kind = quantum ? "qreg" : "creg";
        if (!_registers.TryGetValue(operand.Name, out var entry))
        {
            throw new QasmException(operand.Location, _names.Contains(operand.Name)
                ? $"'{operand.Name}' is not a {kind}"
                : $"undeclared register '{operand.Name}'");
        }
        var (register, isQuantum, isScalar) = entry;
        if (isQuantum != quantum)
        {
            throw new QasmException(operand.Location, $"'{operand.Name}' is a {(isQuantum ? "qreg" : "creg")}, not a {kind}");
        }
        var element = quantum ? "qubit" : "bit";
        if (operand.Index is null && isScalar)
        {
            return new ResolvedOperand(operand.Location, register, false, [register.Offset], $"{element} {register.Name}");
        }
        if (operand.Index is null)
        {
            var bits = Enumerable.Range(register.Offset, register.Size).ToArray();
            return new ResolvedOperand(operand.Location, register, true, bits, $"{kind} {register.Name}[{register.Size}]");
        }
        var index = ExpressionEvaluator.EvaluateInteger(operand.Index, scope, "an index");
        if (index < 0 || index >= register.Size)
        {
            throw new QasmException(operand.Location, $"{element} {register.Name}[{index}] out of range for {kind} {register.Name}[{register.Size}]");
        }
        return new ResolvedOperand(operand.Location, register, false, [register.Offset + (int)index], $"{element} {register.Name}[{index}]");
    }
}
