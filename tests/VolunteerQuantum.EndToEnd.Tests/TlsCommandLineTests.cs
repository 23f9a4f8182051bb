using System.Globalization;
using System.Text.RegularExpressions;
using VolunteerQuantum.EndToEnd.Tests.Support;

namespace VolunteerQuantum.EndToEnd.Tests;

/// <summary>
/// The self-signed TLS flow as an operator and volunteers run it, all real `vq` processes: the
/// coordinator prints its pin and writes token#pin, volunteers enroll with that one string, a
/// researcher submits with --tls-pin, and a wrong pin is refused naming both fingerprints.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class TlsCommandLineTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private readonly string _root = Directory.CreateTempSubdirectory("vq-e2e-tls-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    [SharedFact]
    public async Task Coordinator_SelfSigned_VolunteersEnrollWithTokenFile_SubmitWithPinCompletes_WrongPinRefused()
    {
        var data = Path.Combine(_root, "coordinator");
        var port = FreePorts.Next();
        using var coordinator = VqProcess.Start(
            "coordinator", "--tls", "self-signed", "--data-dir", data,
            "--grpc-port", port.ToString(CultureInfo.InvariantCulture), "--http-port", "-1",
            "--api-key", "admin=k", "--heartbeat-seconds", "0.5");
        await coordinator.WaitForOutputAsync("enrollment    token in", TimeSpan.FromSeconds(60));
        var address = $"https://127.0.0.1:{port}";
        Assert.Contains($"coordinator   gRPC {address}/", coordinator.StandardOutput, StringComparison.Ordinal);
        var fingerprint = PrintedFingerprint().Match(coordinator.StandardOutput).Groups[1].Value;
        Assert.NotEmpty(fingerprint);
        var enrollment = File.ReadAllText(Path.Combine(data, "enrollment-token")).Trim();
        Assert.EndsWith("#" + fingerprint, enrollment, StringComparison.Ordinal);

        // A second volunteer account, so the two volunteers can form a quorum: its token comes from
        // `vq accounts add` over the pinned connection, with the pin appended like the file's.
        var added = await VqProcess.RunAsync(Timeout, "accounts", "add", "bob", "--coordinator", address, "--api-key", "k", "--tls-pin", fingerprint);
        Assert.True(added.ExitCode == 0, added.Stderr);
        var bobEnrollment = added.Stdout.Trim();
        Assert.EndsWith("#" + fingerprint, bobEnrollment, StringComparison.Ordinal);
        var volunteers = new[] { ("alice", enrollment), ("bob", bobEnrollment) }.Select(v => VqProcess.Start(
            "volunteer", "--coordinator", address, "--enroll", v.Item2, "--data-dir", Path.Combine(_root, v.Item1),
            "--owner", v.Item1, "--threads", "1", "--max-memory", "1GiB", "--mode", "always")).ToList();
        try
        {
            var submit = await VqProcess.RunAsync(Timeout, "submit", SharedFiles.Qasm("qasmbench/bell_n4.qasm"), "--shots", "500",
                "--coordinator", address, "--api-key", "k", "--tls-pin", fingerprint, "--watch", "--json");
            Assert.True(submit.ExitCode == 0, submit.Stderr + string.Join("\n---\n", volunteers.Select(v => v.StandardOutput + v.StandardError)));

            var wrong = "sha256:" + new string('e', 64);
            var refused = await VqProcess.RunAsync(Timeout, "status", "--coordinator", address, "--tls-pin", wrong);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("expected " + wrong, refused.Stderr, StringComparison.Ordinal);
            Assert.Contains("presented " + fingerprint, refused.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var v in volunteers)
            {
                v.Dispose();
            }
        }
        Assert.DoesNotContain("fail:", coordinator.StandardOutput + coordinator.StandardError, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^tls           certificate (sha256:[0-9a-f]{64}) ", RegexOptions.Multiline)]
    private static partial Regex PrintedFingerprint();
}
