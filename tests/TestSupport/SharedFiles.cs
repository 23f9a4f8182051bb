using System.Runtime.CompilerServices;

namespace VolunteerQuantum.TestSupport;

/// <summary>
/// Finds the shared circuits folder (/work/shared next to the checkout): walking up from the test
/// binaries and from this source file, then the VQ_SHARED environment variable.
/// </summary>
public static class SharedFiles
{
    private static readonly Lazy<string> Root = new(Locate);

    /// <summary>The <c>shared/circuits</c> directory.</summary>
    public static string Circuits => Root.Value;

    public static string Qasm(string relative) => Path.Combine(Circuits, "qasm", relative);

    public static string Reference(string relative) => Path.Combine(Circuits, "reference", relative);

    private static string Locate() => Locate(ThisFile());

    private static string Locate(string sourceFile)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "", Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "circuits");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        var env = Environment.GetEnvironmentVariable("VQ_SHARED");
        if (!string.IsNullOrEmpty(env))
        {
            var circuits = Path.Combine(env, "circuits");
            if (Directory.Exists(circuits))
            {
                return circuits;
            }
            if (Directory.Exists(Path.Combine(env, "qasm")))
            {
                return env;
            }
        }
        throw new DirectoryNotFoundException("shared/circuits not found above the test binaries or the sources; set VQ_SHARED to the shared folder");
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
