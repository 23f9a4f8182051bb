using System.Diagnostics;

namespace VolunteerQuantum.EndToEnd.Tests;

/// <summary>`--help` of the standalone services: a page of settings, exit 0, and nothing started or written.</summary>
[Trait("Category", "Slow")]
public sealed class ServiceHelpTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("vq-help-home-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Theory]
    [InlineData("vq-coordinator.dll", "Coordinator:GrpcPort = 7070")]
    [InlineData("vq-volunteer.dll", "Volunteer:")]
    public async Task Help_PrintsEverySettingAndExits_WritingNothing(string program, string expected)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, program));
        info.ArgumentList.Add("--help");
        // A fresh home: a coordinator or volunteer that started would create its data directory under it.
        info.Environment["HOME"] = _home;
        info.Environment["XDG_DATA_HOME"] = Path.Combine(_home, ".local", "share");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, process.ExitCode);
        Assert.Contains(expected, await stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_home, "*", SearchOption.AllDirectories), p => !p.Contains(".dotnet", StringComparison.Ordinal));
    }
}
