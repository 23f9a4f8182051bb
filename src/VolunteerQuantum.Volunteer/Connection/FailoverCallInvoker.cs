using Grpc.Core;

namespace VolunteerQuantum.Volunteer.Connection;

/// <summary>
/// A call invoker over a <see cref="CoordinatorPool"/>, so generated clients fail over without
/// each call site knowing: a unary call is made again on the next coordinator; a server stream is
/// reopened there only while nothing of it was read (after that, the caller decides whether a
/// restart makes sense, and the pool has already moved on); client and duplex streams cannot be
/// replayed here and go to the current coordinator only (see <see cref="CoordinatorPool.RunAsync{T}"/>).
/// </summary>
public sealed class FailoverCallInvoker(CoordinatorPool pool) : CallInvoker
{
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        pool.RunAsync(link => Task.FromResult(link.Invoker.BlockingUnaryCall(method, host, options, request))).GetAwaiter().GetResult();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        AsyncUnaryCall<TResponse>? last = null;
        var response = pool.RunAsync(async link =>
        {
            last?.Dispose();
            last = link.Invoker.AsyncUnaryCall(method, host, options, request);
            return await last.ResponseAsync;
        });
        return new AsyncUnaryCall<TResponse>(
            response,
            HeadersAfter(response, () => last!.ResponseHeadersAsync),
            () => last!.GetStatus(),
            () => last!.GetTrailers(),
            () => last?.Dispose());
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var stream = new FailoverStreamReader<TResponse>(pool, link => link.Invoker.AsyncServerStreamingCall(method, host, options, request));
        return new AsyncServerStreamingCall<TResponse>(
            stream,
            HeadersAfter(stream.Opened, () => stream.Call.ResponseHeadersAsync),
            () => stream.Call.GetStatus(),
            () => stream.Call.GetTrailers(),
            stream.Dispose);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        pool.Link().Invoker.AsyncClientStreamingCall(method, host, options);

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        pool.Link().Invoker.AsyncDuplexStreamingCall(method, host, options);

    // Headers belong to the attempt that answered, known only once it did.
    private static async Task<Metadata> HeadersAfter(Task answered, Func<Task<Metadata>> headers)
    {
        try
        {
            await answered;
        }
        catch (RpcException)
        {
            // The last attempt's headers (or its error) still tell what happened.
        }
        return await headers();
    }
}
