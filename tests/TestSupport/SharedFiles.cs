using System.Runtime.CompilerServices;

namespace VolunteerQuantum.TestSupport;

/// <summary>
/// Finds the test corpus: real OpenQASM circuits written by others, with reference results from an
/// independent simulator. It is not in the repository (the files are others'): it is the project's
/// shared folder beside the checkout (<c>../shared/circuits</c>), or the folder VQ_SHARED names.
/// Tests that need it are <see cref="SharedFactAttribute"/>s, skipped with <see cref="Missing"/> where it is absent.
/// </summary>
public static class SharedFiles
{
    private static readonly Lazy<string?> Root = new(() => Locate(ThisFile()));

    /// <summary>True when the shared corpus was found.</summary>
    public static bool Available => Root.Value is not null;

    /// <summary>Why tests that need the corpus are skipped; null when it is there.</summary>
    public static string? Missing => Available ? null
        : Environment.GetEnvironmentVariable("VQ_SHARED") is { Length: > 0 } env
            ? $"VQ_SHARED={env} holds no circuits/qasm folder: these tests read the shared circuit corpus"
            : "the shared circuit corpus (../shared/circuits beside the checkout) is absent: these tests read real circuits written by others from it; set VQ_SHARED to a copy of the shared folder";

    /// <summary>The <c>circuits</c> directory (with <c>qasm/</c> and <c>reference/</c>).</summary>
    public static string Circuits => Root.Value ?? throw new DirectoryNotFoundException(Missing);

    public static string Qasm(string relative) => Path.Combine(Circuits, "qasm", relative);

    public static string Reference(string relative) => Path.Combine(Circuits, "reference", relative);

    private static string? Locate(string sourceFile)
    {
        var env = Environment.GetEnvironmentVariable("VQ_SHARED");
        if (!string.IsNullOrEmpty(env))
        {
            var circuits = Path.Combine(env, "circuits");
            return Directory.Exists(Path.Combine(circuits, "qasm")) ? circuits
                : Directory.Exists(Path.Combine(env, "qasm")) ? env
                : null;
        }
        // tests/TestSupport/SharedFiles.cs → <checkout>/../shared/circuits; then the same seen from the binaries.
        foreach (var start in new[] { Path.GetDirectoryName(sourceFile) ?? "", AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "circuits");
                if (Directory.Exists(Path.Combine(candidate, "qasm")))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}

/// <summary>A fact that reads the shared circuit corpus; skipped, saying why, where it is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute()
    {
        if (SharedFiles.Missing is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that reads the shared circuit corpus; skipped like <see cref="SharedFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedTheoryAttribute : TheoryAttribute
{
    public SharedTheoryAttribute()
    {
        if (SharedFiles.Missing is { } reason)
        {
            Skip = reason;
        }
    }
}
