using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Xml.Linq;
using VolunteerQuantum.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace VolunteerQuantum.EndToEnd.Tests;

/// <summary>
/// The installers, run for real into a prefix (no user, no chown, no systemctl: nothing outside the
/// prefix changes) and in --dry-run mode. The Linux one publishes the daemon once (tens of seconds).
/// </summary>
[Trait("Category", "Slow")]
[Collection(PublishingTests.Name)]
public sealed class InstallerTests(ITestOutputHelper output, ReleaseArchive release) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private const string Pin = "sha256:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private readonly string _root = Directory.CreateTempSubdirectory("vq-install-").FullName;

    private static string LinuxScript => Path.Combine(ScriptProcess.RepositoryRoot, "installers", "linux", "install.sh");

    private static string MacScript => Path.Combine(ScriptProcess.RepositoryRoot, "installers", "macos", "install.sh");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task LinuxInstall_IntoPrefix_UnitVerifies_DaemonUsesConfig_Idempotent_UninstallRemovesEverything()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var prefix = Path.Combine(_root, "prefix");
        // From the release archive where it runs (linux-x64), which the release test builds anyway,
        // else published from this clone. (The dry-run test shows the publishing path's commands.)
        string[] from = RuntimeInformation.OSArchitecture == Architecture.X64 ? ["--from", await release.PathAsync()] : [];
        // The enrollment string of a self-signed TLS grid: the token and the certificate pin in one.
        var (code, stdout, stderr) = await Bash(LinuxScript, ["install", "--prefix", prefix, .. from, "--coordinator", "https://127.0.0.1:9", "--enroll", "e2e-token#" + Pin, "--owner", "alice"]);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("(--prefix: skipped) useradd", stdout, StringComparison.Ordinal);

        var bin = Path.Combine(prefix, "opt", "volunteerquantum", "vq-volunteer");
        var config = Path.Combine(prefix, "etc", "volunteerquantum", "volunteer.json");
        var unit = Path.Combine(prefix, "etc", "systemd", "system", "vq-volunteer.service");
        var data = Path.Combine(prefix, "var", "lib", "volunteerquantum");
        Assert.True(File.Exists(bin) && File.GetUnixFileMode(bin).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(config));
        using (var json = JsonDocument.Parse(File.ReadAllText(config)))
        {
            var v = json.RootElement.GetProperty("Volunteer");
            Assert.Equal("https://127.0.0.1:9", v.GetProperty("Coordinator").GetString());
            Assert.Equal("e2e-token", v.GetProperty("EnrollmentToken").GetString());
            Assert.Equal(Pin, v.GetProperty("TlsPin").GetString());
            Assert.Equal(data, v.GetProperty("DataDirectory").GetString());
            Assert.Equal("alice", v.GetProperty("Owner").GetString());
        }
        await AssertUnitAsync(unit, prefix);

        // The installed daemon runs from its configuration file (the pin included: a bad one would stop
        // it): its status lands in the configured data directory.
        await AssertDaemonStartsAsync(bin, config, data);
        (code, stdout, stderr) = await Bash(LinuxScript, "status", "--prefix", prefix);
        Assert.True(code == 0, stdout + stderr);
        Assert.Equal(3, stdout.Split('\n').Count(l => l.StartsWith("present", StringComparison.Ordinal)));
        Assert.Contains("coordinator   https://127.0.0.1:9", stdout, StringComparison.Ordinal);

        // Again, from the already published files and without credentials: an upgrade that keeps the configuration.
        var published = Path.Combine(_root, "published");
        CopyDirectory(Path.GetDirectoryName(bin)!, published);
        var configBefore = File.ReadAllText(config);
        (code, stdout, stderr) = await Bash(LinuxScript, "install", "--prefix", prefix, "--from", published);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("keeping the configuration", stdout, StringComparison.Ordinal);
        Assert.Equal(configBefore, File.ReadAllText(config));
        Assert.True(File.Exists(bin));

        (code, stdout, stderr) = await Bash(LinuxScript, "uninstall", "--prefix", prefix);
        Assert.True(code == 0, stdout + stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(prefix));
        (code, stdout, stderr) = await Bash(LinuxScript, "uninstall", "--prefix", prefix);
        Assert.True(code == 0, stdout + stderr);
        (code, _, stderr) = await Bash(LinuxScript, "status", "--prefix", prefix);
        Assert.Equal(1, code);
        Assert.Contains("not (completely) installed", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinuxDryRun_PrintsEveryAction_ChangesNothing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var prefix = Path.Combine(_root, "dry");
        var (code, stdout, stderr) = await Bash(LinuxScript, "install", "--dry-run", "--prefix", prefix, "--coordinator", "http://grid:7070", "--enroll", "t");
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("+ dotnet publish", stdout, StringComparison.Ordinal);
        Assert.Contains("+ systemd-analyze verify", stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(prefix));

        // Without a prefix: the real install's every step, the user and systemctl included, and still no change.
        string[] system = ["/opt/volunteerquantum", "/etc/volunteerquantum", "/etc/systemd/system/vq-volunteer.service", "/var/lib/volunteerquantum"];
        var before = system.Select(Path.Exists).ToArray();
        var userBefore = await UserExistsAsync();
        (code, stdout, stderr) = await Bash(LinuxScript, "install", "--dry-run", "--coordinator", "http://grid:7070", "--enroll", "t");
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("+ useradd --system", stdout, StringComparison.Ordinal);
        Assert.Contains("+ chown root:vqvolunteer /etc/volunteerquantum/volunteer.json", stdout, StringComparison.Ordinal);
        Assert.Contains("+ systemctl enable vq-volunteer.service", stdout, StringComparison.Ordinal);
        Assert.Contains("+ systemctl restart vq-volunteer.service", stdout, StringComparison.Ordinal);
        (code, stdout, stderr) = await Bash(LinuxScript, "uninstall", "--dry-run");
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("+ rm -rf /opt/volunteerquantum", stdout, StringComparison.Ordinal);
        Assert.Equal(before, system.Select(Path.Exists).ToArray());
        Assert.Equal(userBefore, await UserExistsAsync());
    }

    [Theory]
    [InlineData("--coordinator", "grid:7070", "--enroll", "t", "is not an http:// or https:// URL")]
    [InlineData("--coordinator", "http://grid:7070", "--enroll", "", "install needs --enroll TOKEN")]
    [InlineData("--enroll", "t", "--threads", "many", "--threads needs a number")]
    [InlineData("--coordinator", "http://grid:7070", "--enroll", "t", "--bogus", "unknown option '--bogus'")]
    [InlineData("--coordinator", "https://grid:7070", "--enroll", "t", "--tls-pin", "sha256:beef", "--tls-pin 'sha256:beef' is not a certificate pin")]
    [InlineData("--coordinator", "https://grid:7070", "--enroll", "t#md5:00", "after the '#' is not a certificate pin")]
    [InlineData("--coordinator", "http://grid:7070", "--enroll", "t", "--tls-pin", Pin, "needs an https:// --coordinator")]
    [InlineData("--coordinator", "https://grid:7070", "--enroll", "t#" + Pin, "--tls-pin", "sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "disagrees with the pin in --enroll")]
    public async Task LinuxInstall_BadArguments_FailLoudly_ChangeNothing(params string[] argsAndMessage)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var prefix = Path.Combine(_root, "bad");
        var (code, stdout, stderr) = await Bash(LinuxScript, ["install", "--prefix", prefix, .. argsAndMessage[..^1]]);
        Assert.Equal(1, code);
        Assert.Contains(argsAndMessage[^1], stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("+ ", stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(prefix));
    }

    [Fact]
    public async Task MacInstall_StagedWithAPublishedDaemon_ValidPlist_UninstallRemovesEverything()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var published = Directory.CreateDirectory(Path.Combine(_root, "fake-published")).FullName;
        File.WriteAllText(Path.Combine(published, "vq-volunteer"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(published, "vq-volunteer"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var prefix = Path.Combine(_root, "mac");
        var (code, stdout, stderr) = await Bash(MacScript, "install", "--prefix", prefix, "--from", published, "--coordinator", "https://grid:7070", "--enroll", "t", "--tls-pin", Pin.ToUpperInvariant().Replace("SHA256:", "sha256:", StringComparison.Ordinal));
        Assert.True(code == 0, stdout + stderr);
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(prefix, "usr", "local", "etc", "volunteerquantum", "volunteer.json"))))
        {
            var v = json.RootElement.GetProperty("Volunteer");
            Assert.Equal("t", v.GetProperty("EnrollmentToken").GetString());
            Assert.Equal(Pin, v.GetProperty("TlsPin").GetString());
        }
        var plist = Path.Combine(prefix, "Library", "LaunchDaemons", "org.volunteerquantum.volunteer.plist");
        var keys = PlistKeys(plist);
        Assert.Equal($"{prefix}/usr/local/lib/volunteerquantum/vq-volunteer --config {prefix}/usr/local/etc/volunteerquantum/volunteer.json", keys["ProgramArguments"]);
        Assert.Equal($"{prefix}/Library/Application Support/VolunteerQuantum/volunteer", keys["WorkingDirectory"]);
        (code, stdout, stderr) = await Bash(MacScript, "uninstall", "--prefix", prefix);
        Assert.True(code == 0, stdout + stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(prefix));
    }

    [Fact]
    public void MacPlist_RunsAtLowPriority_KeptAlive_TimeToCheckpoint()
    {
        var keys = PlistKeys(Path.Combine(ScriptProcess.RepositoryRoot, "installers", "macos", "org.volunteerquantum.volunteer.plist"));
        Assert.Equal("org.volunteerquantum.volunteer", keys["Label"]);
        Assert.Equal("/usr/local/lib/volunteerquantum/vq-volunteer --config /usr/local/etc/volunteerquantum/volunteer.json", keys["ProgramArguments"]);
        Assert.Equal("_vqvolunteer", keys["UserName"]);
        Assert.Equal("true", keys["RunAtLoad"]);
        Assert.Equal("true", keys["KeepAlive"]);
        Assert.Equal("Background", keys["ProcessType"]);
        Assert.Equal("19", keys["Nice"]);
        Assert.True(int.Parse(keys["ExitTimeOut"], System.Globalization.CultureInfo.InvariantCulture) >= 150);
    }

    private async Task AssertUnitAsync(string unit, string prefix)
    {
        // The header comment names where this install's files are, not the default paths.
        var header = string.Join('\n', File.ReadAllLines(unit).TakeWhile(l => l.StartsWith('#')));
        Assert.Contains($"configuration in {prefix}/etc/volunteerquantum,", header, StringComparison.Ordinal);
        Assert.Contains($"binaries in {prefix}/opt/volunteerquantum,", header, StringComparison.Ordinal);
        var lines = File.ReadAllLines(unit).Where(l => l.Length > 0 && l[0] != '#').ToList();
        string Value(string key) => lines.Single(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];
        Assert.Equal("notify", Value("Type"));
        Assert.Equal("vqvolunteer", Value("User"));
        Assert.Equal($"{prefix}/opt/volunteerquantum/vq-volunteer --config {prefix}/etc/volunteerquantum/volunteer.json", Value("ExecStart"));
        Assert.Equal("strict", Value("ProtectSystem"));
        Assert.Equal($"{prefix}/var/lib/volunteerquantum", Value("ReadWritePaths"));
        Assert.Equal("yes", Value("NoNewPrivileges"));
        Assert.Equal("always", Value("Restart"));
        Assert.Equal("19", Value("Nice"));
        Assert.Equal("idle", Value("CPUSchedulingPolicy"));
        Assert.True(int.Parse(Value("TimeoutStopSec"), System.Globalization.CultureInfo.InvariantCulture) >= 150);
        if (!File.Exists("/usr/bin/systemd-analyze") && !File.Exists("/bin/systemd-analyze"))
        {
            output.WriteLine("systemd-analyze not installed: the unit was checked key by key only");
            return;
        }
        var (code, stdout, stderr) = await ScriptProcess.RunAsync(Timeout, "systemd-analyze", "verify", unit);
        output.WriteLine($"systemd-analyze verify {unit}: exit code {code}, output '{stdout}{stderr}'");
        Assert.Equal(0, code);
        Assert.Equal("", (stdout + stderr).Trim());
    }

    private static async Task AssertDaemonStartsAsync(string bin, string config, string data)
    {
        var info = new ProcessStartInfo(bin) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(config);
        using var daemon = Process.Start(info)!;
        daemon.OutputDataReceived += (_, _) => { };
        daemon.ErrorDataReceived += (_, _) => { };
        daemon.BeginOutputReadLine();
        daemon.BeginErrorReadLine();
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (!File.Exists(Path.Combine(data, "status.json")) && !daemon.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            Assert.True(File.Exists(Path.Combine(data, "status.json")), $"the daemon wrote no status (exited: {daemon.HasExited})");
        }
        finally
        {
            daemon.Kill(entireProcessTree: true);
            await daemon.WaitForExitAsync();
        }
    }

    /// <summary>The top-level keys of a property list, each value as text (arrays joined by spaces, booleans as true/false).</summary>
    private static Dictionary<string, string> PlistKeys(string path)
    {
        var dict = XDocument.Load(path).Root!.Element("dict")!;
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in dict.Elements("key"))
        {
            var value = (XElement)key.NextNode!;
            keys[key.Value] = value.Name.LocalName switch
            {
                "array" => string.Join(' ', value.Elements().Select(e => e.Value)),
                "true" or "false" => value.Name.LocalName,
                _ => value.Value,
            };
        }
        return keys;
    }

    private static async Task<bool> UserExistsAsync() => (await ScriptProcess.RunAsync(Timeout, "id", "vqvolunteer")).ExitCode == 0;

    private static Task<(int ExitCode, string Stdout, string Stderr)> Bash(string script, params string[] args) =>
        ScriptProcess.RunAsync(Timeout, "bash", [script, .. args]);

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, File.GetUnixFileMode(file));
            }
        }
    }
}
