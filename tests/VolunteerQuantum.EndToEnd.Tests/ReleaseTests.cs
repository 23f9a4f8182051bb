using System.Runtime.InteropServices;
using System.Text.Json;
using VolunteerQuantum.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace VolunteerQuantum.EndToEnd.Tests;

/// <summary>
/// The release script builds the linux-x64 archive; its self-contained vq and vq-volunteer run with no
/// .NET anywhere on the path, its SHA256SUMS verifies, and the installer installs from the archive,
/// refusing one that does not match its sum. (One publish of each executable: a minute or two.)
/// </summary>
[Trait("Category", "Slow")]
[Collection(PublishingTests.Name)]
public sealed class ReleaseTests(ITestOutputHelper output, ReleaseArchive built) : IDisposable
{
    private const string Name = ReleaseArchive.Name;
    private static readonly TimeSpan Timeout = ReleaseArchive.Timeout;
    private readonly string _root = Directory.CreateTempSubdirectory("vq-release-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [LinuxX64Fact]
    public async Task LinuxX64Archive_RunsWithoutDotnet_SumsVerify_InstallerInstallsFromItAndRefusesATamperedOne()
    {
        var archive = await built.PathAsync();
        var release = Path.GetDirectoryName(archive)!;
        var version = ReleaseArchive.Version;
        int code;
        string stdout, stderr;
        output.WriteLine($"{Name}.tar.gz: {new FileInfo(archive).Length / (1024.0 * 1024):0.0} MiB");

        (code, stdout, stderr) = await Shell($"cd '{release}' && sha256sum -c SHA256SUMS");
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains($"{Name}.tar.gz: OK", stdout, StringComparison.Ordinal);

        // Unpacked and run with an empty environment: no dotnet on PATH, no DOTNET_ROOT.
        var unpacked = Path.Combine(_root, "unpacked");
        Directory.CreateDirectory(unpacked);
        (code, stdout, stderr) = await Shell($"tar -xzf '{archive}' -C '{unpacked}'");
        Assert.True(code == 0, stdout + stderr);
        var folder = Path.Combine(unpacked, Name);
        var bare = $"env -i PATH=/usr/bin:/bin HOME='{_root}'";
        (code, stdout, stderr) = await Shell($"{bare} '{folder}/vq' simulate '{folder}/Samples/ghz.qasm' --shots 400 --seed 3 --json");
        Assert.True(code == 0, stdout + stderr);
        using (var result = JsonDocument.Parse(stdout))
        {
            var counts = result.RootElement.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
            Assert.Equal(["00000", "11111"], counts.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(400, counts.Values.Sum());
        }
        (code, stdout, stderr) = await Shell($"{bare} '{folder}/vq' --version");
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains(version, stdout, StringComparison.Ordinal);
        (code, stdout, stderr) = await Shell($"{bare} '{folder}/vq-volunteer' --help");
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("the VolunteerQuantum volunteer daemon", stdout + stderr, StringComparison.Ordinal);

        // The installer takes the archive itself and checks it against SHA256SUMS beside it.
        var installer = Path.Combine(folder, "installers", "linux", "install.sh");
        var prefix = Path.Combine(_root, "prefix");
        (code, stdout, stderr) = await ScriptProcess.RunAsync(Timeout, "bash", installer, "install", "--prefix", prefix, "--from", archive, "--coordinator", "http://127.0.0.1:9", "--enroll", "t");
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("matches its SHA-256 in SHA256SUMS", stdout + stderr, StringComparison.Ordinal);
        var daemon = Path.Combine(prefix, "opt", "volunteerquantum", "vq-volunteer");
        Assert.True(File.Exists(daemon));
        (code, stdout, stderr) = await Shell($"{bare} '{daemon}' --help");
        Assert.True(code == 0, stdout + stderr);

        // A download that does not match its sum is refused, and nothing is installed.
        var tampered = Path.Combine(_root, "tampered");
        Directory.CreateDirectory(tampered);
        File.Copy(archive, Path.Combine(tampered, Name + ".tar.gz"));
        await File.WriteAllTextAsync(Path.Combine(tampered, "SHA256SUMS"), $"{new string('0', 64)}  {Name}.tar.gz\n");
        var elsewhere = Path.Combine(_root, "prefix2");
        (code, stdout, stderr) = await ScriptProcess.RunAsync(Timeout, "bash", installer, "install", "--prefix", elsewhere, "--from", Path.Combine(tampered, Name + ".tar.gz"), "--coordinator", "http://127.0.0.1:9", "--enroll", "t");
        Assert.NotEqual(0, code);
        Assert.Contains("does not match its SHA-256", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(elsewhere, "opt", "volunteerquantum", "vq-volunteer")));
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> Shell(string command) =>
        ScriptProcess.RunAsync(Timeout, "bash", "-c", command);
}

/// <summary>Tests that run `dotnet publish` on this checkout: one at a time, sharing one release build.</summary>
[CollectionDefinition(Name)]
public sealed class PublishingTests : ICollectionFixture<ReleaseArchive>
{
    public const string Name = "publishing";
}

/// <summary>
/// The linux-x64 release archive, built by installers/release.sh once for every test that needs it
/// (the release test, and the installer test, which installs from it).
/// </summary>
public sealed class ReleaseArchive : IDisposable
{
    public const string Version = "0.0.0-test";
    public const string Name = $"volunteerquantum-{Version}-linux-x64";
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(12);
    private readonly string _root = Directory.CreateTempSubdirectory("vq-release-build-").FullName;
    private readonly Lazy<Task<string>> _build;

    public ReleaseArchive() => _build = new(BuildAsync);

    /// <summary>The archive's path (SHA256SUMS beside it), built on first use.</summary>
    public Task<string> PathAsync() => _build.Value;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<string> BuildAsync()
    {
        var release = Path.Combine(_root, "release");
        var script = Path.Combine(ScriptProcess.RepositoryRoot, "installers", "release.sh");
        var (code, stdout, stderr) = await ScriptProcess.RunAsync(Timeout, "bash", script, "--rid", "linux-x64", "--out", release, "--version", Version);
        Assert.True(code == 0, stdout + stderr);
        var archive = Path.Combine(release, Name + ".tar.gz");
        Assert.True(File.Exists(archive), $"release.sh wrote no {archive}");
        return archive;
    }
}

/// <summary>A fact for a linux-x64 machine (the archive it builds runs there); skipped elsewhere, saying so.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LinuxX64FactAttribute : FactAttribute
{
    public LinuxX64FactAttribute()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            Skip = "the linux-x64 release archive runs on linux-x64 only";
        }
    }
}
