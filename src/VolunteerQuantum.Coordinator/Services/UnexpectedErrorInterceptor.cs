using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Coordinator.Errors;
using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Coordinator.Services;

/// <summary>
/// The one place the coordinator's own exceptions become gRPC statuses: a <see cref="GridException"/>
/// becomes its refusal's status with its message; any other exception that is not an RpcException
/// becomes Internal with a generic message (the
/// details go to the log, never to the caller), so a bug surfaces as one failed call, not a crash.
/// A full or unwritable data directory is no bug: it answers ResourceExhausted or Unavailable
/// with the path and the cause, so the operator can act and the caller can retry later.
/// </summary>
public sealed partial class UnexpectedErrorInterceptor(ILogger<UnexpectedErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException and not OperationCanceledException)
        {
            throw Translate(e, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (e is not RpcException and not OperationCanceledException)
        {
            throw Translate(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException and not OperationCanceledException)
        {
            throw Translate(e, context);
        }
    }

    private RpcException Translate(Exception e, ServerCallContext context)
    {
        // The domain's refusals: the caller's to act on, said in the message.
        if (e is GridException refused)
        {
            return new RpcException(new Status(StatusOf(refused.Refusal), refused.Message));
        }
        // A streamed message that is not valid protobuf: the sender's mistake, worth one line.
        if (e is InvalidProtocolBufferException || e.InnerException is InvalidProtocolBufferException)
        {
            LogMalformed(context.Method, context.Peer, (e.InnerException ?? e).Message);
            return new RpcException(new Status(StatusCode.InvalidArgument, $"a message in the request stream is not valid protobuf: {(e.InnerException ?? e).Message}"));
        }
        // The client reset its call or went away mid-stream (reading fails with an IOException,
        // writing with "the request is complete"): no error of the coordinator's.
        if (e is IOException or InvalidOperationException && context.CancellationToken.IsCancellationRequested)
        {
            LogDisconnect(context.Method, context.Peer, e.Message);
            return new RpcException(new Status(StatusCode.Cancelled, "the client cancelled the call"));
        }
        if (e is StorageUnavailableException storage)
        {
            LogStorage(context.Method, storage.Path, storage.Message);
            return new RpcException(storage.IsFull
                ? new Status(StatusCode.ResourceExhausted, $"the coordinator's data directory {storage.Path} is full: {storage.Message}; nothing was changed, try again once space is freed")
                : new Status(StatusCode.Unavailable, $"the coordinator cannot write to its data directory {storage.Path}: {storage.Message}; nothing was changed, try again later"));
        }
        LogUnexpected(e, context.Method);
        return new RpcException(new Status(StatusCode.Internal, "the coordinator hit an unexpected error; it was logged"));
    }

    public static StatusCode StatusOf(Refusal refusal) => refusal switch
    {
        Refusal.InvalidArgument => StatusCode.InvalidArgument,
        Refusal.Unauthenticated => StatusCode.Unauthenticated,
        Refusal.PermissionDenied => StatusCode.PermissionDenied,
        Refusal.NotFound => StatusCode.NotFound,
        Refusal.AlreadyExists => StatusCode.AlreadyExists,
        Refusal.FailedPrecondition => StatusCode.FailedPrecondition,
        Refusal.ResourceExhausted => StatusCode.ResourceExhausted,
        _ => StatusCode.Unknown,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error in {Method}")]
    private partial void LogUnexpected(Exception exception, string method);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} from {Peer} refused: malformed message: {Cause}")]
    private partial void LogMalformed(string method, string peer, string cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} from {Peer} ended by the client: {Cause}")]
    private partial void LogDisconnect(string method, string peer, string cause);

    // A warning, one line, no stack trace: the operator must free space or fix permissions, and
    // every call fails the same way until then.
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} failed: data directory {Path} refuses writes: {Cause}")]
    private partial void LogStorage(string method, string path, string cause);
}
