using System.Diagnostics;
using System.Text;

namespace VolunteerQuantum.EndToEnd.Tests.Support;

/// <summary>
/// Finds a Python that can run the client in clients/python and runs scripts with it. Debian's
/// python3-grpcio and friends go to /usr/bin/python3, which a pyenv or venv python3 earlier on PATH
/// does not see, so each candidate is asked in turn: $VQ_PYTHON, python3 on PATH, /usr/bin/python3.
/// </summary>
internal static class PythonClient
{
    private const string Install = "apt-get install python3-grpcio python3-protobuf python3-numpy protobuf-compiler (.ci/run does), or pip install grpcio protobuf numpy grpcio-tools";

    // Prints what is missing (nothing: ready). The compiler is protoc, or grpc_tools' protoc.
    private const string Probe = """
        import importlib.util, shutil
        def has(m):
            try:
                return importlib.util.find_spec(m) is not None
            except ImportError:
                return False
        missing = [m for m in ("grpc", "google.protobuf", "numpy") if not has(m)]
        if not shutil.which("protoc") and not has("grpc_tools"):
            missing.append("a protobuf compiler (protoc or grpc_tools)")
        print(", ".join(missing))
        """;

    private static readonly Lazy<(string? Python, string? Reason)> Found = new(Find);

    /// <summary>The interpreter to use (null where none is fit).</summary>
    public static string? Python => Found.Value.Python;

    /// <summary>Why the Python client tests cannot run here, or null when they can.</summary>
    public static string? Unavailable => Found.Value.Reason;

    /// <summary>clients/python in the repository this test was compiled from.</summary>
    public static string PackageRoot => Path.Combine(ScriptProcess.RepositoryRoot, "clients", "python");

    private static (string?, string?) Find()
    {
        var tried = new List<string>();
        var candidates = new[] { Environment.GetEnvironmentVariable("VQ_PYTHON"), "python3", "/usr/bin/python3" }
            .Where(c => !string.IsNullOrWhiteSpace(c)).Distinct();
        foreach (var candidate in candidates)
        {
            var (code, stdout, _) = RunAsync(candidate!, TimeSpan.FromSeconds(30), null, "-c", Probe).GetAwaiter().GetResult();
            if (code is null)
            {
                tried.Add($"{candidate}: not found");
            }
            else if (code == 0 && stdout.Trim().Length == 0)
            {
                return (candidate, null);
            }
            else
            {
                tried.Add(stdout.Trim().Length > 0 ? $"{candidate}: lacks {stdout.Trim()}" : $"{candidate}: could not run the probe (exit {code})");
            }
        }
        return (null, $"no python3 can run the Python client ({string.Join("; ", tried)}): {Install}");
    }

    /// <summary>Runs a Python script with the client on PYTHONPATH; null exit code: the interpreter could not be started.</summary>
    public static async Task<(int? ExitCode, string Stdout, string Stderr)> RunAsync(string python, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = ScriptProcess.Info(python, args);
        info.Environment["PYTHONPATH"] = PackageRoot;
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        // The client reads these as defaults: the test's own environment must not choose for it.
        info.Environment.Remove("VQ_COORDINATOR");
        info.Environment.Remove("VQ_API_KEY");
        info.Environment.Remove("VQ_TLS_PIN");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        try
        {
            return await ScriptProcess.RunAsync(info, timeout);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, "", "");
        }
        catch (TimeoutException e)
        {
            return (-1, "", e.Message);
        }
    }
}
