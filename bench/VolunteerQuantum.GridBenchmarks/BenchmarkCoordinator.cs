using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Coordinator;
using VolunteerQuantum.Coordinator.Extensions;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.GridBenchmarks;

/// <summary>A real coordinator on loopback with a throw-away data directory, and helpers to act as volunteers.</summary>
internal sealed class BenchmarkCoordinator : IAsyncDisposable
{
    public const string ApiKey = "bench-key";
    public const string Token = "bench-token";

    private BenchmarkCoordinator(EmbeddedCoordinator server, string directory)
    {
        Server = server;
        Directory = directory;
        Channel = GrpcChannel.ForAddress(server.GrpcAddress, new GrpcChannelOptions { MaxReceiveMessageSize = 64 << 20 });
    }

    public EmbeddedCoordinator Server { get; }

    public string Directory { get; }

    public GrpcChannel Channel { get; }

    public Metadata ApiHeaders { get; } = new() { { "vq-api-key", ApiKey } };

    public static async Task<BenchmarkCoordinator> StartAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("vq-gridbench-").FullName;
        var server = await EmbeddedCoordinator.StartAsync(new CoordinatorOptions
        {
            DataDirectory = directory,
            GrpcPort = 0,
            HttpPort = -1,
            ApiKeys = [ApiKey],
            EnrollmentTokens = [Token],
            NoWorkRetrySeconds = 0.05,
            MaxMessageBytes = 64 << 20,
        }, l => l.ClearProviders());
        return new BenchmarkCoordinator(server, directory);
    }

    /// <summary>Registers a host of a volunteer account of its own, named <paramref name="owner"/> (created here).</summary>
    public async Task<(string HostId, Metadata Headers)> RegisterAsync(string owner)
    {
        var client = new VolunteerService.VolunteerServiceClient(Channel);
        var reply = await client.RegisterAsync(new RegisterRequest
        {
            EnrollmentToken = Server.NewVolunteerAccount(owner),
            Owner = owner,
            HostName = owner,
            Capabilities = Capabilities(),
        });
        return (reply.HostId, new Metadata { { "vq-host-id", reply.HostId }, { "vq-host-secret", reply.HostSecret } });
    }

    /// <summary>
    /// A sweep of <paramref name="points"/> values of θ over ry(θ) with one observable: one unit a
    /// point, quorum 1, so every returned result completes a unit (the grid's own cost, not the engine's).
    /// </summary>
    public static SubmitProjectRequest SweepProject(int points, double step)
    {
        var request = new SubmitProjectRequest
        {
            Qasm = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput float theta;\nqubit[1] q;\nry(theta) q[0];\n",
            FileName = "bench.qasm",
            MinQuorum = 1,
            MaxReplicas = 1,
        };
        request.Observables.Add("Z0");
        request.Sweeps.Add(new ParameterSweep { Name = "theta", Values = { Enumerable.Range(0, points).Select(i => i * step) } });
        return request;
    }

    public static HostCapabilities Capabilities() => new()
    {
        LogicalCores = 1,
        MemoryBytes = 8L << 30,
        SimdWidthBits = 512,
        AmplitudeUpdatesPerSecond = 1e9,
    };

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await Server.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
