using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Coordinator.Extensions;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>
/// A real coordinator serving TLS on loopback: self-signed (generated once, reused) or from PEM
/// files made here; unusable files and plaintext on the network stop it from starting.
/// </summary>
public sealed partial class TlsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vq-tls-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a stopping server: the OS sweeps temp.
        }
    }

    [Fact]
    public async Task Start_SelfSigned_BothPortsServeTls_SameCertificateAfterRestart_KeyOwnerOnly()
    {
        var data = Path.Combine(_root, "self-signed");
        await using var grid = await TestCoordinator.StartAsync(o => o.TlsSelfSigned = true, data);
        var fingerprint = grid.Server.CertificateFingerprint;
        Assert.NotNull(fingerprint);
        Assert.Matches(FingerprintPattern(), fingerprint);
        Assert.Equal("https", grid.Server.GrpcAddress.Scheme);
        Assert.Equal("https", grid.Server.HttpAddress!.Scheme);

        var status = await grid.Status.GetGridStatusAsync(new GridStatusRequest());
        Assert.Equal(0, status.Hosts.Registered);
        using (var http = new HttpClient(grid.TrustingServedCertificate()))
        {
            using var response = await http.GetAsync(new Uri(grid.Server.HttpAddress, "status"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var certificateFile = Path.Combine(data, CoordinatorCertificate.SelfSignedCertificateFile);
        var keyFile = Path.Combine(data, CoordinatorCertificate.SelfSignedKeyFile);
        using (var certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile))
        {
            Assert.Equal(fingerprint, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)));
            Assert.IsType<ECDsa>(certificate.GetECDsaPublicKey(), exactMatch: false);
            Assert.True(certificate.NotAfter > DateTime.UtcNow.AddYears(5));
            var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
            Assert.Contains("localhost", names.EnumerateDnsNames());
            Assert.Contains(Dns.GetHostName(), names.EnumerateDnsNames());
            Assert.Contains(IPAddress.Loopback, names.EnumerateIPAddresses());
            Assert.Contains(IPAddress.IPv6Loopback, names.EnumerateIPAddresses());
        }
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        var certificateBefore = File.ReadAllText(certificateFile);
        await grid.RestartAsync(o => o.TlsSelfSigned = true);
        Assert.Equal(fingerprint, grid.Server.CertificateFingerprint);
        Assert.Equal(certificateBefore, File.ReadAllText(certificateFile));
        await grid.Status.GetGridStatusAsync(new GridStatusRequest());
    }

    [Fact]
    public async Task Start_SelfSignedWithGeneratedToken_TokenFileCarriesPin_RegisterTakesTheBareToken()
    {
        await using var grid = await TestCoordinator.StartAsync(o =>
        {
            o.TlsSelfSigned = true;
            o.EnrollmentTokens = [];
        }, Path.Combine(_root, "token"));
        var written = File.ReadAllText(Path.Combine(grid.DataDirectory, CredentialSeeder.EnrollmentTokenFile)).Trim();
        Assert.Equal(written, grid.Server.EnrollmentToken);
        var at = written.LastIndexOf('#');
        Assert.True(at > 0, written);
        Assert.Equal(grid.Server.CertificateFingerprint, written[(at + 1)..]);

        var registered = await grid.Volunteers.RegisterAsync(new RegisterRequest { EnrollmentToken = written[..at], Owner = "alice", HostName = "h1", Capabilities = new HostCapabilities { LogicalCores = 1, MemoryBytes = 1 << 30 } });
        Assert.NotEmpty(registered.HostId);

        // Without TLS the same data directory's file goes back to the bare token.
        await grid.RestartAsync(o => o.EnrollmentTokens = []);
        Assert.Null(grid.Server.CertificateFingerprint);
        Assert.Equal(written[..at], File.ReadAllText(Path.Combine(grid.DataDirectory, CredentialSeeder.EnrollmentTokenFile)).Trim());
    }

    [Fact]
    public async Task Start_PemFilesFromTheOperator_ServedAsGiven()
    {
        var (certificateFile, keyFile, fingerprint) = WritePemPair("operator");
        await using var grid = await TestCoordinator.StartAsync(o =>
        {
            o.TlsCertificateFile = certificateFile;
            o.TlsKeyFile = keyFile;
        }, Path.Combine(_root, "pem-data"));
        Assert.Equal(fingerprint, grid.Server.CertificateFingerprint);
        Assert.Equal("https", grid.Server.GrpcAddress.Scheme);
        var projects = await grid.Projects.ListProjectsAsync(new ListProjectsRequest(), TestCoordinator.ApiKeyHeaders);
        Assert.Empty(projects.Projects);
    }

    [Fact]
    public async Task Start_MissingCertificateFile_RefusedNamingTheFile()
    {
        var (_, keyFile, _) = WritePemPair("missing");
        var missing = Path.Combine(_root, "nowhere.pem");
        var e = await Assert.ThrowsAsync<CoordinatorConfigurationException>(() => StartAsync(o => { o.TlsCertificateFile = missing; o.TlsKeyFile = keyFile; }));
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_GarbageCertificate_RefusedAsNotPem()
    {
        var (_, keyFile, _) = WritePemPair("garbage-cert");
        var garbage = Path.Combine(_root, "garbage.pem");
        File.WriteAllText(garbage, "this is not a certificate\n");
        var e = await Assert.ThrowsAsync<CoordinatorConfigurationException>(() => StartAsync(o => { o.TlsCertificateFile = garbage; o.TlsKeyFile = keyFile; }));
        Assert.Contains(garbage, e.Message, StringComparison.Ordinal);
        Assert.Contains("no PEM certificate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_GarbageKey_RefusedAsNotPem()
    {
        var (certificateFile, _, _) = WritePemPair("garbage-key");
        var garbage = Path.Combine(_root, "garbage-key.pem");
        File.WriteAllText(garbage, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        var e = await Assert.ThrowsAsync<CoordinatorConfigurationException>(() => StartAsync(o => { o.TlsCertificateFile = certificateFile; o.TlsKeyFile = garbage; }));
        Assert.Contains(garbage, e.Message, StringComparison.Ordinal);
        Assert.Contains("no PEM private key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_KeyOfAnotherCertificate_RefusedAsNotMatching()
    {
        var (certificateFile, _, _) = WritePemPair("one");
        var (_, otherKey, _) = WritePemPair("two");
        var e = await Assert.ThrowsAsync<CoordinatorConfigurationException>(() => StartAsync(o => { o.TlsCertificateFile = certificateFile; o.TlsKeyFile = otherKey; }));
        Assert.Contains(otherKey, e.Message, StringComparison.Ordinal);
        Assert.Contains("does not go with the certificate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CertificateWithoutKey_Refused()
    {
        var (certificateFile, _, _) = WritePemPair("alone");
        var e = await Assert.ThrowsAsync<CoordinatorConfigurationException>(() => StartAsync(o => o.TlsCertificateFile = certificateFile));
        Assert.Contains("both a certificate and its key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PlaintextOnEveryInterface_RefusedUnlessInsecure()
    {
        var e = await Assert.ThrowsAsync<CoordinatorConfigurationException>(() => StartAsync(o => o.ListenAddress = "0.0.0.0"));
        Assert.Contains("without TLS", e.Message, StringComparison.Ordinal);
        Assert.Contains("--tls-cert FILE --tls-key FILE", e.Message, StringComparison.Ordinal);
        Assert.Contains("--tls self-signed", e.Message, StringComparison.Ordinal);
        Assert.Contains("--insecure", e.Message, StringComparison.Ordinal);

        await using var grid = await TestCoordinator.StartAsync(o =>
        {
            o.ListenAddress = "0.0.0.0";
            o.Insecure = true;
        }, Path.Combine(_root, "insecure"));
        Assert.Equal("http", grid.Server.GrpcAddress.Scheme);
        await grid.Status.GetGridStatusAsync(new GridStatusRequest());
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.3.2.1")]
    [InlineData("::1")]
    public async Task Start_PlaintextOnLoopback_Starts(string address)
    {
        await using var coordinator = await StartAsync(o => o.ListenAddress = address);
        Assert.Equal("http", coordinator.GrpcAddress.Scheme);
        Assert.Null(coordinator.CertificateFingerprint);
    }

    private Task<EmbeddedCoordinator> StartAsync(Action<CoordinatorOptions> configure)
    {
        var options = new CoordinatorOptions { DataDirectory = Path.Combine(_root, "refused", Guid.NewGuid().ToString("N")), GrpcPort = 0, HttpPort = -1, ApiKeys = ["k"], EnrollmentTokens = ["t"] };
        configure(options);
        return EmbeddedCoordinator.StartAsync(options, l => l.ClearProviders());
    }

    /// <summary>An operator's certificate: RSA (the PEM key says "RSA PRIVATE KEY"), for localhost and 127.0.0.1.</summary>
    private (string Certificate, string Key, string Fingerprint) WritePemPair(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var certificateFile = Path.Combine(_root, name + "-cert.pem");
        var keyFile = Path.Combine(_root, name + "-key.pem");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportRSAPrivateKeyPem());
        return (certificateFile, keyFile, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)));
    }

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex FingerprintPattern();
}
