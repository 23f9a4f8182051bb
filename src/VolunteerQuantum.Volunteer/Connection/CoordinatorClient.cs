using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Volunteer.Identity;

namespace VolunteerQuantum.Volunteer.Connection;

/// <summary>
/// The daemon's side of the volunteer service: the host's credentials on every call, to whichever
/// of its coordinators answers (a channel each; unary calls fail over through the pool's invoker,
/// streams start again from their beginning on the next coordinator).
/// </summary>
public sealed class CoordinatorClient : IDisposable
{
    /// <summary>Size of the chunks a state is uploaded in (well under the coordinator's message limit).</summary>
    public const int ChunkBytes = 1 << 20;

    private readonly CoordinatorPool _pool;
    private readonly VolunteerService.VolunteerServiceClient _client;
    private Metadata _headers = [];

    /// <param name="addresses">One coordinator address, or several separated by commas.</param>
    /// <param name="pin">The coordinators' certificate pin (https:// only); null: the system's certificate validation.</param>
    /// <param name="switched">Told one line when the client leaves an unreachable coordinator for the next.</param>
    public CoordinatorClient(string addresses, CertificatePin? pin = null, Action<string>? switched = null)
    {
        _pool = new CoordinatorPool(addresses, pin, o => o.MaxReceiveMessageSize = 16 * ChunkBytes, switched ?? (_ => { }));
        _client = new VolunteerService.VolunteerServiceClient(new FailoverCallInvoker(_pool));
    }

    /// <summary>The coordinator in use now.</summary>
    public string Address => _pool.Current;

    public void UseIdentity(HostIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        _headers = new Metadata
        {
            { "vq-host-id", identity.HostId },
            { "vq-host-secret", identity.HostSecret },
        };
    }

    public async Task<HostIdentity> RegisterAsync(string enrollmentToken, string owner, string hostName, HostCapabilities capabilities, CancellationToken cancellationToken)
    {
        var response = await _client.RegisterAsync(new RegisterRequest
        {
            EnrollmentToken = enrollmentToken,
            Owner = owner,
            HostName = hostName,
            Capabilities = capabilities,
        }, cancellationToken: cancellationToken);
        return new HostIdentity(Address, response.HostId, response.HostSecret);   // the one that answered
    }

    public async Task<WorkResponse> RequestWorkAsync(HostCapabilities capabilities, CancellationToken cancellationToken) =>
        await _client.RequestWorkAsync(new WorkRequest { Capabilities = capabilities }, _headers, cancellationToken: cancellationToken);

    /// <param name="resumedFromOperations">Fused operations the current run skipped thanks to a checkpoint (0: none).</param>
    /// <param name="pausedReason">Why the replica is suspended ("" while computing).</param>
    public async Task<HeartbeatResponse> HeartbeatAsync(string replicaId, double progress, CancellationToken cancellationToken, long resumedFromOperations = 0, string pausedReason = "") =>
        await _client.HeartbeatAsync(new HeartbeatRequest
        {
            ReplicaId = replicaId,
            Progress = progress,
            ResumedFromOperations = resumedFromOperations,
            PausedReason = pausedReason,
        }, _headers, cancellationToken: cancellationToken);

    public async Task ReleaseAsync(string replicaId, string reason, CancellationToken cancellationToken) =>
        await _client.ReleaseLeaseAsync(new ReleaseLeaseRequest { ReplicaId = replicaId, Reason = reason }, _headers, cancellationToken: cancellationToken);

    /// <summary>Streams a blob into a file (through a temporary name), checking its SHA-256: memory stays at one chunk.</summary>
    public async Task DownloadToFileAsync(BlobRef blob, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        await _pool.RunAsync(link => DownloadToFileOnceAsync(new VolunteerService.VolunteerServiceClient(link.Invoker), blob, path, cancellationToken));
    }

    /// <summary>Downloads a blob and checks its SHA-256 before returning its bytes.</summary>
    public async Task<byte[]> DownloadAsync(BlobRef blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        return await _pool.RunAsync(link => DownloadOnceAsync(new VolunteerService.VolunteerServiceClient(link.Invoker), blob, cancellationToken));
    }

    /// <summary>
    /// Uploads a result: the header, the state as a sequence of chunks (if any; each chunk may reuse
    /// one buffer, it is sent before the next is made), and a trailer with the state's SHA-256. On
    /// another coordinator the upload starts again, enumerating <paramref name="stateChunks"/> anew.
    /// </summary>
    public async Task SubmitAsync(ResultHeader header, IEnumerable<ReadOnlyMemory<byte>>? stateChunks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(header);
        var attempts = 0;
        try
        {
            await _pool.RunAsync(link =>
            {
                attempts++;
                return SubmitOnceAsync(new VolunteerService.VolunteerServiceClient(link.Invoker), header, stateChunks, cancellationToken);
            });
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition && attempts > 1)
        {
            // The store accepts a replica's result once: the cut-off attempt may have been recorded
            // just before its coordinator went away, and this refusal is then the proof of it.
            throw new RpcException(new Status(e.StatusCode, $"{e.Status.Detail} (an earlier attempt, cut off, may have delivered it)", e.Status.DebugException));
        }
    }

    public void Dispose() => _pool.Dispose();

    // A new attempt truncates the temporary file: nothing of a broken download is kept.
    private async Task DownloadToFileOnceAsync(VolunteerService.VolunteerServiceClient client, BlobRef blob, string path, CancellationToken cancellationToken)
    {
        var temp = path + ".part";
        using (var call = client.DownloadBlob(new BlobRequest { Sha256 = blob.Sha256 }, _headers, cancellationToken: cancellationToken))
        await using (var file = File.Create(temp))
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                hash.AppendData(chunk.Data.Span);
                await file.WriteAsync(chunk.Data.Memory, cancellationToken);
            }
            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (actual != blob.Sha256)
            {
                throw new InvalidDataException($"blob {blob.Sha256} arrived corrupted (SHA-256 {actual})");
            }
        }
        File.Move(temp, path, overwrite: true);
    }

    private async Task<byte[]> DownloadOnceAsync(VolunteerService.VolunteerServiceClient client, BlobRef blob, CancellationToken cancellationToken)
    {
        using var call = client.DownloadBlob(new BlobRequest { Sha256 = blob.Sha256 }, _headers, cancellationToken: cancellationToken);
        using var buffer = new MemoryStream();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            hash.AppendData(chunk.Data.Span);
            buffer.Write(chunk.Data.Span);
        }
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != blob.Sha256)
        {
            throw new InvalidDataException($"blob {blob.Sha256} arrived corrupted (SHA-256 {actual})");
        }
        return buffer.ToArray();
    }

    private async Task SubmitOnceAsync(VolunteerService.VolunteerServiceClient client, ResultHeader header, IEnumerable<ReadOnlyMemory<byte>>? stateChunks, CancellationToken cancellationToken)
    {
        using var call = client.SubmitResult(_headers, cancellationToken: cancellationToken);
        await call.RequestStream.WriteAsync(new ResultPart { Header = header }, cancellationToken);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var chunk in stateChunks ?? [])
        {
            hash.AppendData(chunk.Span);
            await call.RequestStream.WriteAsync(new ResultPart { Data = ByteString.CopyFrom(chunk.Span) }, cancellationToken);
        }
        await call.RequestStream.WriteAsync(new ResultPart { Trailer = new ResultTrailer { Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset()) } }, cancellationToken);
        await call.RequestStream.CompleteAsync();
        await call;
    }
}
