using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Coordinator.Accounts;
using VolunteerQuantum.Coordinator.Auth;
using VolunteerQuantum.Coordinator.Blobs;
using VolunteerQuantum.Coordinator.Scheduling;
using VolunteerQuantum.Coordinator.Monitoring;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Coordinator.Verification;
using VolunteerQuantum.Grid.Sketches;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Services;

/// <summary>The volunteer-facing gRPC service: register, lease work, heartbeat, stream blobs and results.</summary>
public sealed class VolunteerGrpcService(
    GridStore store,
    IBlobStore blobs,
    Credentials credentials,
    RateLimiter limiter,
    WorkScheduler scheduler,
    ResultIntake intake,
    GridMetrics metrics,
    IOptions<CoordinatorOptions> options,
    TimeProvider clock) : VolunteerService.VolunteerServiceBase
{
    private readonly CoordinatorOptions _options = options.Value;

    public override Task<RegisterResponse> Register(RegisterRequest request, ServerCallContext context)
    {
        var account = credentials.AccountOf(CredentialKind.EnrollmentToken, request.EnrollmentToken)
            ?? throw new RpcException(new Grpc.Core.Status(StatusCode.Unauthenticated, "unknown enrollment token: ask the grid's operator for the current one"));
        if (account.Disabled)
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.PermissionDenied, $"volunteer account '{account.Id}' is disabled: {account.DisabledReason}"));
        }
        if (!limiter.TryAcquire("register:" + Secrets.Hash(request.EnrollmentToken), _options.RegistrationsPerTokenPerMinute, out var retryAfter))
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.ResourceExhausted,
                $"too many registrations with this enrollment token: at most {_options.RegistrationsPerTokenPerMinute} a minute (Coordinator:RegistrationsPerTokenPerMinute); try again in {Math.Ceiling(retryAfter.TotalSeconds)} s"));
        }
        WireChecks.Check(request.Capabilities);
        var secret = Secrets.NewSecret("vqh_");
        var now = clock.GetUtcNow().UtcDateTime;
        var host = new HostRecord
        {
            Id = "h" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            SecretHash = Secrets.Hash(secret),
            Owner = account.Id,
            OwnerLabel = Limit(request.Owner, 200),
            Name = Limit(request.HostName, 200),
            NetworkPrefix = NetworkPrefix.Of(context.GetHttpContext().Connection.RemoteIpAddress),
            RegisteredUtc = now,
            LastSeenUtc = now,
            DailyQuota = _options.DailyResultQuota,
        };
        Apply(host, request.Capabilities);
        store.Transaction(() =>
        {
            var hosts = store.Hosts.CountOwnedBy(account.Id);
            if (hosts >= _options.MaxHostsPerAccount)
            {
                throw new RpcException(new Grpc.Core.Status(StatusCode.ResourceExhausted,
                    $"volunteer account '{account.Id}' already has {hosts} hosts, the most allowed (Coordinator:MaxHostsPerAccount = {_options.MaxHostsPerAccount}); ask the operator to raise it"));
            }
            store.Hosts.Insert(host);
        });
        return Task.FromResult(new RegisterResponse { HostId = host.Id, HostSecret = secret });
    }

    public override Task<WorkResponse> RequestWork(WorkRequest request, ServerCallContext context)
    {
        var caller = credentials.RequireHost(context);
        WireChecks.Check(request.Capabilities);
        metrics.WorkRequests.Mark();
        var network = NetworkPrefix.Of(context.GetHttpContext().Connection.RemoteIpAddress);
        var (host, grant, refusal) = scheduler.Assign(caller, h =>
        {
            Apply(h, request.Capabilities);
            h.NetworkPrefix = network;
        });
        var retry = (int)(_options.NoWorkRetrySeconds * 1000);
        if (refusal is not null)
        {
            // Asking again soon changes nothing: come back in a minute.
            return Task.FromResult(new WorkResponse { NoWork = new NoWork { RetryAfterMs = Math.Max(retry, 60_000), Reason = refusal } });
        }
        if (!string.IsNullOrEmpty(host.PausedReason))
        {
            return Task.FromResult(new WorkResponse { NoWork = new NoWork { RetryAfterMs = retry, Reason = $"paused: {host.PausedReason}" } });
        }
        return Task.FromResult(grant is null
            ? new WorkResponse { NoWork = new NoWork { RetryAfterMs = retry, Reason = "no work fits this host right now" } }
            : new WorkResponse { Assignment = ProtoMapping.MapAssignment(grant, scheduler.Policy.HeartbeatInterval, _options.SketchCount) });
    }

    public override Task<HeartbeatResponse> Heartbeat(HeartbeatRequest request, ServerCallContext context)
    {
        var host = credentials.RequireHost(context);
        WireChecks.Check(request);
        var (abort, expiry) = scheduler.Heartbeat(host, request.ReplicaId, request.Progress, request.ResumedFromOperations, Limit(request.PausedReason, 300));
        return Task.FromResult(new HeartbeatResponse
        {
            Action = abort is null ? HeartbeatAction.Continue : HeartbeatAction.Abort,
            Reason = abort ?? "",
            LeaseDeadline = Timestamp.FromDateTime(DateTime.SpecifyKind(expiry, DateTimeKind.Utc)),
        });
    }

    public override async Task DownloadBlob(BlobRequest request, IServerStreamWriter<DataChunk> responseStream, ServerCallContext context)
    {
        var host = credentials.RequireHost(context);
        if (!MayRead(host, request.Sha256) || !blobs.Exists(request.Sha256))
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.NotFound, $"no blob '{request.Sha256}' for this host: blobs are served only for replicas leased to it"));
        }
        await using var stream = blobs.OpenRead(request.Sha256);
        await BlobStreaming.CopyToAsync(stream, responseStream, _options.ChunkBytes, context.CancellationToken);
    }

    public override async Task<SubmitResultResponse> SubmitResult(IAsyncStreamReader<ResultPart> requestStream, ServerCallContext context)
    {
        var host = credentials.RequireHost(context);
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.PartCase != ResultPart.PartOneofCase.Header)
        {
            throw Invalid("the result stream must start with a header");
        }
        var header = requestStream.Current.Header;
        var (replica, unit, project) = intake.CheckLease(host, header.ReplicaId);
        if (header.Outcome == ResultOutcome.Error)
        {
            await DrainToTrailer(requestStream, context);
            intake.RecordError(host, header.ReplicaId, header.ErrorMessage);
            return new SubmitResultResponse { Accepted = true };
        }
        if (header.Outcome != ResultOutcome.Success)
        {
            throw Invalid("the result header must say success or error");
        }
        WireChecks.Check(header);
        IBlobWriter? state = null;
        try
        {
            (System.Numerics.Complex[], double)? uploaded = null;
            if (header.StateLength > 0)
            {
                if (!replica.UploadState)
                {
                    throw Invalid("this replica was not asked to upload its state: send its sketches only");
                }
                var expected = ResultIntake.ExpectedStateLength(project, unit);
                if (header.StateLength != expected || header.StateFormat != (project.SinglePrecision ? "c8" : "c16"))
                {
                    throw Invalid($"the state must be {expected} bytes of {(project.SinglePrecision ? "c8" : "c16")}, got {header.StateLength} bytes of '{header.StateFormat}'");
                }
                state = blobs.BeginWrite();
                // Sketched with every slot's seeds at once, the uploader's own and all the others.
                uploaded = await ReceiveState(requestStream, header.StateLength, new StateSketcher(project.SinglePrecision, unit.SeedPool, ResultIntake.FirstIndex(unit)), state, context);
            }
            else
            {
                if (replica.UploadState && unit.WantsState)
                {
                    throw Invalid("this replica must upload its state");
                }
                await DrainToTrailer(requestStream, context);
                if (unit.WantsState)
                {
                    // Only units that want a state have uploads to sketch under this replica's slot.
                    await intake.CoverSlotAsync(project, unit, replica.SeedSlot, context.CancellationToken);
                }
            }
            Record(host, header, state, uploaded);
        }
        finally
        {
            // An upload that was refused, cut short or cancelled leaves no temporary file.
            state?.Dispose();
        }
        return new SubmitResultResponse { Accepted = true };
    }

    /// <summary>
    /// Installs the uploaded state (already checked against its trailer) and records the result.
    /// Both run under the store's gate, so no other upload of the same bytes can come between the
    /// install and the check of references: a state whose result is refused (lease lost) or found
    /// invalid is deleted again, unless the blob existed before or a record still names it.
    /// </summary>
    private void Record(string host, ResultHeader header, IBlobWriter? state, (System.Numerics.Complex[], double)? uploaded)
    {
        if (state is null)
        {
            intake.RecordResult(host, header.ReplicaId, ProtoMapping.MapResult(header, null), uploaded);
            return;
        }
        lock (store.Gate)
        {
            var name = state.Finish();
            var created = state.Install();
            var kept = false;
            try
            {
                kept = intake.RecordResult(host, header.ReplicaId, ProtoMapping.MapResult(header, name), uploaded);
            }
            finally
            {
                if (!kept && created && !store.ReferencesBlob(name))
                {
                    blobs.Delete(name);
                }
            }
        }
    }

    public override Task<ReleaseLeaseResponse> ReleaseLease(ReleaseLeaseRequest request, ServerCallContext context)
    {
        var host = credentials.RequireHost(context);
        scheduler.Release(host, request.ReplicaId, Limit(request.Reason, 500));
        return Task.FromResult(new ReleaseLeaseResponse());
    }

    /// <summary>
    /// Streams the state into a blob writer, hashing and sketching it on the way (no second read);
    /// the trailer's SHA-256 must match what arrived before anything is installed.
    /// </summary>
    private static async Task<(System.Numerics.Complex[], double)> ReceiveState(IAsyncStreamReader<ResultPart> stream, long length, StateSketcher sketcher, IBlobWriter writer, ServerCallContext context)
    {
        while (await stream.MoveNext(context.CancellationToken))
        {
            var part = stream.Current;
            if (part.PartCase == ResultPart.PartOneofCase.Data)
            {
                if (writer.Length + part.Data.Length > length)
                {
                    throw Invalid($"more state data than the {length} bytes announced");
                }
                sketcher.Add(part.Data.Span);
                await writer.WriteAsync(part.Data.Memory, context.CancellationToken);
                continue;
            }
            if (part.PartCase != ResultPart.PartOneofCase.Trailer)
            {
                throw Invalid("unexpected second header in the result stream");
            }
            if (writer.Length != length)
            {
                throw Invalid($"the state ended after {writer.Length} of {length} bytes");
            }
            if (!string.Equals(writer.Finish(), part.Trailer.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid("the state's SHA-256 does not match the trailer: the upload was corrupted");
            }
            return sketcher.Result();
        }
        throw Invalid("the result stream ended without a trailer");
    }

    private static async Task DrainToTrailer(IAsyncStreamReader<ResultPart> stream, ServerCallContext context)
    {
        while (await stream.MoveNext(context.CancellationToken))
        {
            switch (stream.Current.PartCase)
            {
                case ResultPart.PartOneofCase.Trailer:
                    return;
                case ResultPart.PartOneofCase.Data:
                    throw Invalid("state data sent without a state length in the header");
                default:
                    throw Invalid("unexpected second header in the result stream");
            }
        }
        throw Invalid("the result stream ended without a trailer");
    }

    private bool MayRead(string hostId, string sha256)
    {
        lock (store.Gate)
        {
            // The circuit, the noise model, the input shard and the program of a replica the host holds.
            foreach (var replica in store.Replicas.InProgressOfHost(hostId))
            {
                if (store.Projects.FindById(replica.ProjectId) is { } project && (project.CircuitBlob == sha256 || project.NoiseBlob == sha256)
                    || store.Units.FindById(replica.UnitId) is { } unit && (unit.InputBlob == sha256 || unit.ProgramBlob == sha256))
                {
                    return true;
                }
            }
            return false;
        }
    }

    private void Apply(HostRecord host, HostCapabilities? capabilities)
    {
        if (capabilities is null)
        {
            return;
        }
        host.Cores = Math.Max(0, capabilities.LogicalCores);
        host.MemoryBytes = Math.Max(0, capabilities.MemoryBytes);
        host.SimdWidthBits = Math.Max(0, capabilities.SimdWidthBits);
        host.AmplitudeUpdatesPerSecond = double.IsFinite(capabilities.AmplitudeUpdatesPerSecond) ? Math.Max(0, capabilities.AmplitudeUpdatesPerSecond) : 0;
        host.Os = Limit(capabilities.Os, 100);
        host.DaemonVersion = Limit(capabilities.DaemonVersion, 50);
        host.PausedReason = Limit(capabilities.PausedReason, 300);
        CapabilityLimits.Clamp(host, _options.MaxUnitMemoryBytes);
    }

    // Volunteers' text is shown on operators' terminals and pages: stored printable only.
    private static string Limit(string? s, int max) => StoredText.Clean(s, max);

    private static RpcException Invalid(string message) => new(new Grpc.Core.Status(StatusCode.InvalidArgument, message));
}
