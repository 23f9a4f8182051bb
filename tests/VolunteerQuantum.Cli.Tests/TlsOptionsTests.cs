using Microsoft.Extensions.Logging;
using VolunteerQuantum.Cli.Commands;
using VolunteerQuantum.Coordinator;
using VolunteerQuantum.Coordinator.Extensions;

namespace VolunteerQuantum.Cli.Tests;

/// <summary>`vq`'s TLS options: usage errors exit 1 before anything starts; a pinned status call works, a wrong pin exits 2.</summary>
public sealed class TlsOptionsTests : IDisposable
{
    private const string SomePin = "sha256:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    private readonly string _root = Directory.CreateTempSubdirectory("vq-cli-tls-").FullName;

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

    [Theory]
    [InlineData("status", "-c", "https://127.0.0.1:9", "--tls-pin", "sha256:1234")]
    [InlineData("status", "-c", "http://127.0.0.1:9", "--tls-pin", SomePin)]
    [InlineData("list", "-c", "http://127.0.0.1:9", "--tls-pin", SomePin)]
    [InlineData("volunteer", "-c", "http://127.0.0.1:9", "--tls-pin", SomePin, "--enroll", "t")]
    [InlineData("volunteer", "-c", "http://127.0.0.1:9", "--enroll", "t#" + SomePin)]
    [InlineData("volunteer", "-c", "https://127.0.0.1:9", "--enroll", "t#sha256:beef")]
    [InlineData("volunteer", "-c", "https://127.0.0.1:9", "--enroll", "t#" + SomePin, "--tls-pin", "sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("coordinator", "--tls-cert", "/nonexistent/cert.pem")]
    [InlineData("coordinator", "--tls", "self-signed", "--tls-cert", "/a.pem", "--tls-key", "/b.pem")]
    [InlineData("coordinator", "--tls-name", "grid.example.org")]
    public async Task Invoke_BadTlsUsage_ExitCode1(params string[] args)
    {
        Assert.Equal(1, await VqCommand.Build().Parse([.. args, .. DataDirFor(args[0])]).InvokeAsync());
    }

    [Fact]
    public void Parse_TlsModeOtherThanSelfSigned_Refused()
    {
        Assert.NotEmpty(VqCommand.Build().Parse(["coordinator", "--tls", "acme"]).Errors);
    }

    [Fact]
    public async Task Invoke_CoordinatorOnEveryInterfaceWithoutTls_ExitCode1()
    {
        Assert.Equal(1, await VqCommand.Build().Parse(["coordinator", "--listen", "0.0.0.0", "--grpc-port", "0", "--http-port", "-1", "--data-dir", Path.Combine(_root, "c")]).InvokeAsync());
    }

    [Fact]
    public async Task Invoke_StatusAgainstSelfSignedCoordinator_RightPinSucceeds_WrongPinOrNoneExitCode2()
    {
        await using var coordinator = await EmbeddedCoordinator.StartAsync(new CoordinatorOptions
        {
            DataDirectory = Path.Combine(_root, "coordinator"),
            GrpcPort = 0,
            HttpPort = -1,
            ApiKeys = ["key"],
            EnrollmentTokens = ["token"],
            TlsSelfSigned = true,
        }, l => l.ClearProviders());
        string[] status = ["status", "-c", coordinator.GrpcAddress.ToString(), "--api-key", "key"];
        Assert.Equal(0, await VqCommand.Build().Parse([.. status, "--tls-pin", coordinator.CertificateFingerprint!]).InvokeAsync());
        Assert.Equal(2, await VqCommand.Build().Parse([.. status, "--tls-pin", SomePin]).InvokeAsync());
        Assert.Equal(2, await VqCommand.Build().Parse(status).InvokeAsync());
    }

    private string[] DataDirFor(string command) => command is "coordinator" or "volunteer" ? ["--data-dir", Path.Combine(_root, Guid.NewGuid().ToString("N"))] : [];
}
