using System.Runtime.CompilerServices;

namespace VolunteerQuantum.TestSupport;

/// <summary>
/// Finds the test corpus: real OpenQASM circuits written by others, with reference results from an
/// independent simulator. The repository carries a copy in <c>tests/data/circuits</c> (from the
/// project's shared folder, licences included) so that a fresh clone tests on its own; VQ_SHARED
/// may point at another copy of the shared folder instead.
/// </summary>
public static class SharedFiles
{
    private static readonly Lazy<string> Root = new(Locate);

    /// <summary>The <c>circuits</c> directory (with <c>qasm/</c> and <c>reference/</c>).</summary>
    public static string Circuits => Root.Value;

    public static string Qasm(string relative) => Path.Combine(Circuits, "qasm", relative);

    public static string Reference(string relative) => Path.Combine(Circuits, "reference", relative);

    private static string Locate() => Locate(ThisFile());

    private static string Locate(string sourceFile)
    {
        var env = Environment.GetEnvironmentVariable("VQ_SHARED");
        if (!string.IsNullOrEmpty(env))
        {
            var circuits = Path.Combine(env, "circuits");
            return Directory.Exists(Path.Combine(circuits, "qasm")) ? circuits
                : Directory.Exists(Path.Combine(env, "qasm")) ? env
                : throw new DirectoryNotFoundException($"VQ_SHARED={env} holds no circuits/qasm folder");
        }
        // tests/TestSupport/SharedFiles.cs → tests/data/circuits; then the same seen from the binaries.
        foreach (var start in new[] { Path.GetDirectoryName(sourceFile) ?? "", AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "data", "circuits");
                if (Directory.Exists(Path.Combine(candidate, "qasm")))
                {
                    return candidate;
                }
            }
        }
        throw new DirectoryNotFoundException("tests/data/circuits not found above the test sources or binaries; set VQ_SHARED to a copy of the shared folder");
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
