using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace VolunteerQuantum.EndToEnd.Tests.Support;

/// <summary>A real `vq` process (the built vq.dll run by the dotnet host), with its output captured.</summary>
public sealed class VqProcess : IDisposable
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

    public static VqProcess Start(params string[] args)
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
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_stdout.Any(l => l.Contains(text, StringComparison.Ordinal)))
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
