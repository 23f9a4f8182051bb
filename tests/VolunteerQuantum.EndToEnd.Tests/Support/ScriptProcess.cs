using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;

namespace VolunteerQuantum.EndToEnd.Tests.Support;

/// <summary>Runs a program (an installer script, the installed daemon) to completion and captures its output.</summary>
internal static class ScriptProcess
{
    /// <summary>The repository this test was compiled from (the installers are not copied to the test's output).</summary>
    public static string RepositoryRoot { get; } = Locate();

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(TimeSpan timeout, string file, params string[] args) =>
        RunAsync(Info(file, args), timeout);

    /// <summary>How the tests start a program: output captured as UTF-8, arguments passed as they are.</summary>
    public static ProcessStartInfo Info(string file, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        return info;
    }

    /// <summary>Runs the program to its end; one that outlives <paramref name="timeout"/> is killed and reported.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(ProcessStartInfo info, TimeSpan timeout)
    {
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{info.FileName} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}:\n{await stdout}\n{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string Locate([CallerFilePath] string source = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(source) ?? "", Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "installers", "linux", "install.sh")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new DirectoryNotFoundException("no installers/linux/install.sh above the test's source or binaries");
    }
}
