using System.Reflection;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>
/// qelib1.inc (Qiskit's extended 42-gate file) and stdgates.inc, embedded in this assembly and parsed
/// once per process.
/// </summary>
internal static class BuiltInIncludes
{
    private static readonly Lazy<SourceUnit> Qelib1 = new(() => Load("qelib1.inc", 2));
    private static readonly Lazy<SourceUnit> StdGates = new(() => Load("stdgates.inc", 3));

    public static bool TryGet(string name, out SourceUnit unit)
    {
        var lazy = name switch
        {
            "qelib1.inc" => Qelib1,
            "stdgates.inc" => StdGates,
            _ => null,
        };
        unit = lazy?.Value!;
        return lazy is not null;
    }

    /// <summary>The embedded text of a built-in include.</summary>
    public static string Text(string name)
    {
        using var stream = typeof(BuiltInIncludes).Assembly.GetManifestResourceStream($"VolunteerQuantum.Circuits.Includes.{name}")
            ?? throw new InvalidOperationException($"built-in include '{name}' is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static SourceUnit Load(string name, int version) => ProgramParser.Parse(Text(name), name, version, name);
}
