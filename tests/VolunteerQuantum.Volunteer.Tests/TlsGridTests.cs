using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Coordinator;
using VolunteerQuantum.Coordinator.Extensions;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Volunteer.Connection;
using VolunteerQuantum.Volunteer.Extensions;
using VolunteerQuantum.Volunteer.Policy;

namespace VolunteerQuantum.Volunteer.Tests;

/// <summary>
/// A real coordinator serving a self-signed certificate on loopback, and real volunteer daemons and
/// researcher channels that trust it only through the pin (the enrollment string's, or given alone).
/// </summary>
public sealed class TlsGridTests : IAsyncLifetime
{
    private const string Bell = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n";
    private static readonly HostCapabilities Capabilities = new() { LogicalCores = 1, MemoryBytes = 1 << 30 };

    private readonly string _root = Directory.CreateTempSubdirectory("vq-tls-grid-").FullName;
    private EmbeddedCoordinator? _coordinator;

    private EmbeddedCoordinator Coordinator => _coordinator!;

    private CertificatePin Pin => CertificatePin.Parse(Coordinator.CertificateFingerprint!);

    public async Task InitializeAsync() =>
        _coordinator = await EmbeddedCoordinator.StartAsync(new CoordinatorOptions
        {
            DataDirectory = Path.Combine(_root, "coordinator"),
            GrpcPort = 0,
            HttpPort = -1,
            ApiKeys = ["admin=key"],
            // None configured: the generated token file holds token#pin, what an operator hands out.
            EnrollmentTokens = [],
            TlsSelfSigned = true,
            HeartbeatIntervalSeconds = 0.5,
            NoWorkRetrySeconds = 0.1,
        }, l => l.ClearProviders());

    public async Task DisposeAsync()
    {
        if (_coordinator is not null)
        {
            await _coordinator.DisposeAsync();
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    [Fact]
    public async Task Volunteers_EnrollmentStringWithPin_CompleteAVerifiedProjectOverTls()
    {
        Assert.Equal("https", Coordinator.GrpcAddress.Scheme);
        var enrollment = Coordinator.EnrollmentToken;
        Assert.EndsWith("#" + Coordinator.CertificateFingerprint, enrollment, StringComparison.Ordinal);
        var volunteers = new List<EmbeddedVolunteer>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                volunteers.Add(await EmbeddedVolunteer.StartAsync(new VolunteerOptions
                {
                    Coordinator = Coordinator.GrpcAddress.ToString(),
                    DataDirectory = Path.Combine(_root, $"volunteer{i}"),
                    // Two accounts, so the two can form a quorum: the generated token's (the default
                    // account) and a new account's, both handed out as token#pin.
                    EnrollmentToken = i == 0 ? enrollment : Coordinator.NewVolunteerAccount("second"),
                    // One gives the pin twice (agreeing), the other only through the enrollment string.
                    TlsPin = i == 0 ? Coordinator.CertificateFingerprint! : "",
                    Owner = $"owner{i}",
                    MaxThreads = 1,
                    MaxMemoryBytes = 1 << 28,
                    Policy = new ComputingPolicyOptions { Mode = ComputingMode.Always },
                    LowerPriority = false,
                }, l => l.ClearProviders()));
            }
            using var channel = PinnedChannel(Pin);
            var projects = new ProjectService.ProjectServiceClient(channel);
            var key = new Metadata { { "vq-api-key", "key" } };
            var project = await projects.SubmitAsync(new SubmitProjectRequest { Qasm = Bell, Shots = 1000, Seed = 3 }, key);
            using var watch = projects.WatchProject(new ProjectRequest { ProjectId = project.Id }, key);
            var last = project;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (await watch.ResponseStream.MoveNext(timeout.Token))
            {
                last = watch.ResponseStream.Current;
            }
            Assert.Equal(ProjectState.Completed, last.State);
            Assert.Equal(2, last.Verification.ReplicasValid);
            var hosts = await new StatusService.StatusServiceClient(channel).ListHostsAsync(new ListHostsRequest(), key);
            Assert.Equal(2, hosts.Hosts.Count);
        }
        finally
        {
            foreach (var v in volunteers)
            {
                await v.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Register_RightPin_RegistersAndRequestsWork()
    {
        var (token, pin) = EnrollmentString.Parse(Coordinator.EnrollmentToken);
        using var client = new CoordinatorClient(Coordinator.GrpcAddress.ToString(), pin);
        var identity = await client.RegisterAsync(token, "alice", "h1", Capabilities, CancellationToken.None);
        client.UseIdentity(identity);
        var work = await client.RequestWorkAsync(Capabilities, CancellationToken.None);
        Assert.Equal(WorkResponse.ReplyOneofCase.NoWork, work.ReplyCase);
    }

    [Fact]
    public async Task Register_WrongPin_RefusedNamingBothFingerprints()
    {
        var wrong = CertificatePin.Parse("sha256:" + new string('0', 64));
        using var client = new CoordinatorClient(Coordinator.GrpcAddress.ToString(), wrong);
        var e = await Assert.ThrowsAsync<RpcException>(() => client.RegisterAsync("whatever", "mallory", "h", Capabilities, CancellationToken.None));
        Assert.Contains("not the pinned one", e.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("expected " + wrong.Fingerprint, e.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("presented " + Coordinator.CertificateFingerprint, e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_NoPin_SelfSignedCertificateFailsSystemValidation()
    {
        using var client = new CoordinatorClient(Coordinator.GrpcAddress.ToString());
        var e = await Assert.ThrowsAsync<RpcException>(() => client.RegisterAsync("whatever", "bob", "h", Capabilities, CancellationToken.None));
        Assert.Contains("SSL connection could not be established", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Daemon_PinDisagreesWithEnrollmentString_StopsWithoutRegistering()
    {
        await using var volunteer = await EmbeddedVolunteer.StartAsync(new VolunteerOptions
        {
            Coordinator = Coordinator.GrpcAddress.ToString(),
            DataDirectory = Path.Combine(_root, "disagreeing"),
            EnrollmentToken = Coordinator.EnrollmentToken,
            TlsPin = "sha256:" + new string('0', 64),
            LowerPriority = false,
        }, l => l.ClearProviders());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await volunteer.WaitForShutdownAsync(timeout.Token);
        var e = await Assert.ThrowsAsync<FormatException>(() => volunteer.Worker.ExecuteTask!);
        Assert.Contains("disagrees with the one in the enrollment token", e.Message, StringComparison.Ordinal);
        using var channel = PinnedChannel(Pin);
        Assert.Empty((await new StatusService.StatusServiceClient(channel).ListHostsAsync(new ListHostsRequest(), new Metadata { { "vq-api-key", "key" } })).Hosts);
    }

    [Fact]
    public void Client_PinWithPlaintextAddress_Refused()
    {
        Assert.Throws<FormatException>(() => new CoordinatorClient("http://127.0.0.1:7070", Pin).Dispose());
    }

    private GrpcChannel PinnedChannel(CertificatePin pin) =>
        GrpcChannel.ForAddress(Coordinator.GrpcAddress, new GrpcChannelOptions { HttpHandler = CertificatePin.HandlerFor(Coordinator.GrpcAddress, pin), DisposeHttpClient = true });
}
