using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace VolunteerQuantum.EndToEnd.Tests.Support;

/// <summary>A real `vq` process (the built vq.dll run by the dotnet host), with its output captured.</summary>
public sealed partial class VqProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private VqProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stdout.Enqueue(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stderr.Enqueue(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string VqDll => Path.Combine(AppContext.BaseDirectory, "vq.dll");

    public string StandardOutput => string.Join('\n', _stdout);

    public string StandardError => string.Join('\n', _stderr);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static VqProcess Start(params string[] args) => Start(null, args);

    /// <param name="environment">Variables to set for the process (TMPDIR, to see what it leaves behind).</param>
    public static VqProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(VqDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // Keep the test's own environment from leaking a coordinator address or key into vq.
        info.Environment.Remove("VQ_COORDINATOR");
        info.Environment.Remove("VQ_API_KEY");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        return new VqProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet"));
    }

    /// <summary>Runs vq to completion and returns its exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(TimeSpan timeout, params string[] args)
    {
        using var p = Start(args);
        await p.WaitForExitAsync(timeout);
        return (p.ExitCode, p.StandardOutput, p.StandardError);
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"vq did not finish within {timeout}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
        }
        // Drain the asynchronous readers.
        _process.WaitForExit();
    }

    /// <summary>Waits until a line of stdout contains <paramref name="text"/>.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout) => WaitForLineAsync(_stdout, text, timeout);

    /// <summary>Waits until a line of stderr contains <paramref name="text"/>.</summary>
    public Task WaitForErrorOutputAsync(string text, TimeSpan timeout) => WaitForLineAsync(_stderr, text, timeout);

    /// <summary>Sends a POSIX signal (SIGTERM 15, SIGINT 2), as a service manager or Ctrl+C would.</summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private async Task WaitForLineAsync(ConcurrentQueue<string> lines, string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
            {
                return;
            }
            if (_process.HasExited)
            {
                break;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"vq never printed '{text}'.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
    }

    /// <summary>Kills the process at once (SIGKILL): no clean shutdown, as when a machine vanishes.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
