namespace VolunteerQuantum.Coordinator.Projects;

/// <summary>Wakes the stage advancer when a sharded project's stage is verified (it also polls, so a missed signal only delays).</summary>
public sealed class StageSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0);

    public void Raise()
    {
        if (_signal.CurrentCount == 0)
        {
            _signal.Release();
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}
