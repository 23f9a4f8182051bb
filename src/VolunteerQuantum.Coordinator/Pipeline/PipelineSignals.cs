namespace VolunteerQuantum.Coordinator.Pipeline;

/// <summary>
/// Wakes the pipeline services when the request path leaves them work (they also poll, so a
/// missed signal only delays): a result came in, a sharded project's stage is verified, a project
/// is ready to be assimilated.
/// </summary>
public sealed class PipelineSignals : IDisposable
{
    public WakeSignal Stages { get; } = new();

    public WakeSignal Assimilation { get; } = new();

    public WakeSignal Validation { get; } = new();

    public void Dispose()
    {
        Validation.Dispose();
        Stages.Dispose();
        Assimilation.Dispose();
    }
}

/// <summary>A wake-up that coalesces: raised many times before the waiter wakes, it wakes it once.</summary>
public sealed class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0);

    public void Raise()
    {
        if (_signal.CurrentCount == 0)
        {
            _signal.Release();
        }
    }

    /// <summary>Waits for a raise or the timeout; false on timeout.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}
