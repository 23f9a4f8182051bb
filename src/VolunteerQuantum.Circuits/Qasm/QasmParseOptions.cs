namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>How to parse: names for messages, where includes come from, OpenQASM 3 input values.</summary>
public sealed record QasmParseOptions
{
    /// <summary>
    /// The source's file name, used in messages and as the base for relative includes.
    /// <see cref="QasmParser.ParseFile"/> sets it; <see cref="QasmParser.Parse"/> defaults to "&lt;input&gt;"
    /// (includes then resolve against the current directory).
    /// </summary>
    public string? FileName { get; init; }

    /// <summary>
    /// Reads a file given its path: the file of <see cref="QasmParser.ParseFile"/>, and each include
    /// (the including file's directory joined with the include's name). Defaults to
    /// <see cref="File.ReadAllText(string)"/>. qelib1.inc and stdgates.inc are built in and never read.
    /// </summary>
    public Func<string, string>? FileReader { get; init; }

    /// <summary>Values of OpenQASM 3 <c>input float</c> parameters, by name.</summary>
    public IReadOnlyDictionary<string, double>? Parameters { get; init; }

    /// <summary>
    /// Most operations the flattened circuit may hold (after expanding user gates and <c>pow</c>):
    /// a guard against definitions that expand exponentially.
    /// </summary>
    public int MaxOperations { get; init; } = 2_000_000;

    /// <summary>
    /// Most iterations of one OpenQASM 3 loop: of a for or while loop unrolled while the program is read,
    /// and of a while loop run per shot (each shot counts its own). Past it the run stops with an error
    /// naming the loop, rather than never ending.
    /// </summary>
    public int MaxLoopIterations { get; init; } = 100_000;
}
