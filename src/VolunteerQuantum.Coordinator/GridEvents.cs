namespace VolunteerQuantum.Coordinator;

/// <summary>
/// Wakes everyone watching the grid when something changes (a unit verified, a project ended).
/// Watchers re-read what they show, so a missed wake-up only delays an update, never loses one.
/// </summary>
public sealed class GridEvents
{
    private TaskCompletionSource _changed = NewSignal();
    private long _version;

    /// <summary>Counts the changes: what was read at one version is still true while it holds.</summary>
    public long Version => Interlocked.Read(ref _version);

    public void Changed()
    {
        Interlocked.Increment(ref _version);
        Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
    }

    /// <summary>Completes at the next change, or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var signal = Volatile.Read(ref _changed).Task;
        try
        {
            await signal.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // A periodic refresh, so watchers see progress fields that change without events.
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
