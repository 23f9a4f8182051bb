namespace VolunteerQuantum.Circuits.Gates;

/// <summary>
/// The gates of one built-in include file, each with a closed-form matrix equal (global phase
/// included) to what its body in that file composes to. Tests check this against the file's text.
/// </summary>
public sealed class StandardGateLibrary
{
    private readonly Dictionary<string, StandardGateDefinition> _gates;

    public StandardGateLibrary(string includeName, IEnumerable<StandardGateDefinition> gates)
    {
        ArgumentNullException.ThrowIfNull(gates);
        IncludeName = includeName;
        _gates = gates.ToDictionary(g => g.Name, StringComparer.Ordinal);
    }

    /// <summary>Qiskit's extended 42-gate qelib1.inc (OpenQASM 2).</summary>
    public static StandardGateLibrary Qelib1 { get; } = Qelib1Gates.Create();

    /// <summary>The OpenQASM 3 standard library stdgates.inc.</summary>
    public static StandardGateLibrary StdGates { get; } = StdGatesGates.Create();

    /// <summary>The file name used in <c>include "…";</c>.</summary>
    public string IncludeName { get; }

    public IReadOnlyCollection<StandardGateDefinition> Gates => _gates.Values;

    public bool TryGet(string name, out StandardGateDefinition definition) =>
        _gates.TryGetValue(name, out definition!);

    /// <summary>The library built into the parser under <paramref name="includeName"/>, or null.</summary>
    public static StandardGateLibrary? ForInclude(string includeName) => includeName switch
    {
        "qelib1.inc" => Qelib1,
        "stdgates.inc" => StdGates,
        _ => null,
    };
}
