using Grpc.Core;

namespace VolunteerQuantum.Volunteer.Connection;

/// <summary>
/// A server stream that opens on the first coordinator that answers: until its first message (or
/// its end) it may be reopened elsewhere, since nothing was consumed. A break after that is the
/// caller's to handle; the pool moves on first, so reopening the call goes to the next coordinator.
/// </summary>
internal sealed class FailoverStreamReader<T>(CoordinatorPool pool, Func<CoordinatorLink, AsyncServerStreamingCall<T>> open) : IAsyncStreamReader<T>, IDisposable
{
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CoordinatorLink? _link;
    private AsyncServerStreamingCall<T>? _call;
    private bool _started;

    /// <summary>Completes when an attempt delivered its first message or its end (or the last attempt failed).</summary>
    public Task Opened => _opened.Task;

    public AsyncServerStreamingCall<T> Call => _call ?? throw new InvalidOperationException("the stream has not been read yet");

    public T Current => Call.ResponseStream.Current;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (_started)
        {
            try
            {
                return await _call!.ResponseStream.MoveNext(cancellationToken);
            }
            catch (RpcException e) when (FailoverPolicy.IsUnreachable(e))
            {
                pool.MoveOn(_link!, e);
                throw;
            }
        }
        try
        {
            var more = await pool.RunAsync(async link =>
            {
                _call?.Dispose();
                _link = link;
                _call = open(link);
                return await _call.ResponseStream.MoveNext(cancellationToken);
            });
            _started = true;
            return more;
        }
        finally
        {
            _opened.TrySetResult();   // a failed open's headers come from its call, as its error does
        }
    }

    public void Dispose() => _call?.Dispose();
}
