using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Tests.Support;

/// <summary>
/// A volunteer driven step by step by a test over the real wire protocol: it sends exactly the
/// results the test chooses, so the coordinator's scheduling and verification can be checked
/// without running simulations.
/// </summary>
public sealed class ScriptedVolunteer
{
    private readonly VolunteerService.VolunteerServiceClient _client;
    private readonly TestCoordinator _grid;

    private ScriptedVolunteer(TestCoordinator grid, VolunteerService.VolunteerServiceClient client, string hostId, string secret)
    {
        _grid = grid;
        _client = client;
        HostId = hostId;
        Headers = new Metadata { { "vq-host-id", hostId }, { "vq-host-secret", secret } };
    }

    public string HostId { get; }

    public Metadata Headers { get; }

    public VolunteerService.VolunteerServiceClient Client => _client;

    /// <summary>Registers a host of the volunteer account <paramref name="owner"/> (created on first use).</summary>
    public static async Task<ScriptedVolunteer> RegisterAsync(TestCoordinator coordinator, string owner, long memoryBytes = 1L << 30)
    {
        var client = coordinator.Volunteers;
        var reply = await client.RegisterAsync(new RegisterRequest
        {
            EnrollmentToken = await coordinator.TokenForAsync(owner),
            Owner = owner,
            HostName = owner + "-host",
            Capabilities = Capabilities(memoryBytes),
        });
        return new ScriptedVolunteer(coordinator, client, reply.HostId, reply.HostSecret);
    }

    /// <summary>The same host (id and secret) on a new channel, e.g. after the coordinator restarted.</summary>
    public static ScriptedVolunteer Reconnect(TestCoordinator coordinator, ScriptedVolunteer host) =>
        new(coordinator, coordinator.Volunteers, host.HostId, host.Headers.GetValue("vq-host-secret")!);

    public static HostCapabilities Capabilities(long memoryBytes) => new()
    {
        LogicalCores = 2,
        MemoryBytes = memoryBytes,
        SimdWidthBits = 512,
        AmplitudeUpdatesPerSecond = 1e8,
        Os = "test",
        DaemonVersion = "test",
    };

    public async Task<Assignment?> RequestAsync(long memoryBytes = 1L << 30)
    {
        var reply = await _client.RequestWorkAsync(new WorkRequest { Capabilities = Capabilities(memoryBytes) }, Headers);
        return reply.ReplyCase == WorkResponse.ReplyOneofCase.Assignment ? reply.Assignment : null;
    }

    /// <summary>Leases replicas until one of the given unit comes, giving the others back (the scheduler picks at random).</summary>
    public async Task<Assignment> LeaseOfAsync(string unitId)
    {
        for (var i = 0; i < 100; i++)
        {
            var lease = await RequestAsync() ?? throw new InvalidOperationException($"no work offered (waiting for {unitId})");
            if (lease.Task.UnitId == unitId)
            {
                return lease;
            }
            await _client.ReleaseLeaseAsync(new ReleaseLeaseRequest { ReplicaId = lease.ReplicaId, Reason = "test" }, Headers);
        }
        throw new InvalidOperationException($"unit {unitId} was never offered");
    }

    public async Task<HeartbeatResponse> HeartbeatAsync(string replicaId, double progress = 0.5) =>
        await _client.HeartbeatAsync(new HeartbeatRequest { ReplicaId = replicaId, Progress = progress }, Headers);

    public async Task<byte[]> DownloadAsync(string sha256)
    {
        using var call = _client.DownloadBlob(new BlobRequest { Sha256 = sha256 }, Headers);
        using var buffer = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            buffer.Write(chunk.Data.Span);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Submits a result header (plus state bytes in chunks when given) and a correct trailer, then
    /// waits for the validator to judge the unit, so the test sees the verdict as a volunteer's
    /// next request would soon after.
    /// </summary>
    public async Task SubmitAsync(ResultHeader header, byte[]? state = null, int chunkBytes = 1 << 16, string? trailerSha = null)
    {
        using var call = _client.SubmitResult(Headers);
        await call.RequestStream.WriteAsync(new ResultPart { Header = header });
        if (state is not null)
        {
            for (var offset = 0; offset < state.Length; offset += chunkBytes)
            {
                var n = Math.Min(chunkBytes, state.Length - offset);
                await call.RequestStream.WriteAsync(new ResultPart { Data = ByteString.CopyFrom(state, offset, n) });
            }
        }
        var sha = trailerSha ?? Convert.ToHexStringLower(SHA256.HashData(state ?? []));
        await call.RequestStream.WriteAsync(new ResultPart { Trailer = new ResultTrailer { Sha256 = sha } });
        await call.RequestStream.CompleteAsync();
        await call;
        await _grid.JudgedAsync(header.ReplicaId);
    }

    public static ResultHeader Counts(string replicaId, params (string Key, long Count)[] counts)
    {
        var header = new ResultHeader { ReplicaId = replicaId, Outcome = ResultOutcome.Success };
        header.Counts.AddRange(counts.Select(c => new CountEntry { Key = c.Key, Count = c.Count }));
        return header;
    }
}
