using System.Diagnostics;

namespace VolunteerQuantum.TestSupport;

/// <summary>
/// Debian's chromium run headless, once per page: it loads the page, lets its scripts run for a
/// stretch of virtual time, and prints the DOM as they left it (or saves a screenshot).
/// </summary>
public static class HeadlessChromium
{
    private static readonly Lazy<string?> Found = new(Find);

    /// <summary>The browser's path: VQ_CHROMIUM, else chromium (or chromium-browser, google-chrome) on PATH.</summary>
    public static string? Path => Found.Value;

    /// <summary>Why tests that need the browser are skipped; null when it is there.</summary>
    public static string? Unavailable => Path is null
        ? "chromium not found on PATH (nor VQ_CHROMIUM): install Debian's chromium (`apt-get install chromium`, as .ci/run does) to run the browser tests"
        : null;

    /// <summary>The DOM after the page's scripts ran for <paramref name="virtualMilliseconds"/> of virtual time.</summary>
    public static Task<string> DumpDomAsync(Uri page, int virtualMilliseconds = 10_000) =>
        RunAsync(page, virtualMilliseconds, ["--dump-dom"]);

    /// <summary>Saves a PNG of the page as it looks after its scripts ran.</summary>
    public static async Task ScreenshotAsync(Uri page, string file, int width = 1400, int height = 1000, int virtualMilliseconds = 10_000)
    {
        await RunAsync(page, virtualMilliseconds, ["--screenshot=" + file, $"--window-size={width},{height}", "--hide-scrollbars"]);
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"chromium wrote no screenshot to {file}");
        }
    }

    private static async Task<string> RunAsync(Uri page, int virtualMilliseconds, string[] mode)
    {
        ArgumentNullException.ThrowIfNull(page);
        var browser = Path ?? throw new InvalidOperationException(Unavailable);
        // A profile of its own each time: runs never share a cache, a lock or a session.
        var profile = Directory.CreateTempSubdirectory("vq-chromium-");
        try
        {
            var start = new ProcessStartInfo(browser)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // --no-sandbox: CI runs as root, where chromium's sandbox refuses to start.
            foreach (var arg in (string[])["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-extensions", "--disable-background-networking", "--user-data-dir=" + profile.FullName,
                $"--virtual-time-budget={virtualMilliseconds}", .. mode, page.AbsoluteUri])
            {
                start.ArgumentList.Add(arg);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {browser}");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish with {page} within 120 s: {await stderr}");
            }
            var dom = await stdout;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {await stderr}");
            }
            return dom;
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A crash reporter may still hold a file: the temp folder is cleaned some other day.
            }
        }
    }

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("VQ_CHROMIUM") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var name in (string[])["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"])
        {
            foreach (var dir in path.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = System.IO.Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }
}
