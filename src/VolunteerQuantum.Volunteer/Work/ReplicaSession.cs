using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Volunteer.Reporting;

namespace VolunteerQuantum.Volunteer.Work;

/// <summary>
/// What the parts of one replica's computation share: the simulation reports progress, the policy
/// watcher sets the suspension reason, the heartbeat loop reads both and sets <see cref="Aborted"/>
/// when the coordinator no longer wants the replica.
/// </summary>
public sealed class ReplicaSession(Assignment assignment, VolunteerStatusReporter status) : IProgress<double>, IDisposable
{
    // Released when the coordinator should hear news (a suspension, a resume) before the next heartbeat is due.
    private readonly SemaphoreSlim _news = new(0, 1);
    private double _progress;
    private long _resumedFrom;
    private string _pausedReason = "";
    private string _shownReason = "";
    private volatile bool _aborted;
    private long _statusTicks;

    public Assignment Assignment { get; } = assignment;

    public string ReplicaId => Assignment.ReplicaId;

    public double Progress => Volatile.Read(ref _progress);

    /// <summary>Fused operations the current run skipped thanks to a checkpoint (told to the coordinator with every heartbeat).</summary>
    public long ResumedFromOperations
    {
        get => Interlocked.Read(ref _resumedFrom);
        set
        {
            if (Interlocked.Exchange(ref _resumedFrom, value) != value)
            {
                Tell();
            }
        }
    }

    /// <summary>Why the replica is suspended (or being suspended), "" while it computes: the heartbeats carry it at once.</summary>
    public string PausedReason
    {
        get => Volatile.Read(ref _pausedReason);
        set
        {
            if (Interlocked.Exchange(ref _pausedReason, value) != value)
            {
                Tell();
            }
        }
    }

    /// <summary>Shows the replica as suspended in the status once its simulation has really stopped ("" when it computes again).</summary>
    public void ShowSuspended(string reason)
    {
        if (Interlocked.Exchange(ref _shownReason, reason) != reason)
        {
            status.ReplicaSuspended(reason);
        }
    }

    /// <summary>The coordinator abandoned the replica (abort, lease lost): nothing of it is worth keeping.</summary>
    public bool Aborted
    {
        get => _aborted;
        set => _aborted = value;
    }

    /// <summary>Waits until the next heartbeat is due, or sooner when there is news to tell.</summary>
    public async Task WaitForHeartbeatAsync(TimeSpan interval, CancellationToken cancellationToken) =>
        await _news.WaitAsync(interval, cancellationToken);

    public void Dispose() => _news.Dispose();

    private void Tell()
    {
        try
        {
            if (_news.CurrentCount == 0)
            {
                _news.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public void Report(double value)
    {
        Volatile.Write(ref _progress, value);
        // Small states report thousands of steps a second: the status needs a few.
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _statusTicks);
        if (now - last >= 250 && Interlocked.CompareExchange(ref _statusTicks, now, last) == last)
        {
            status.ReplicaProgress(value, ResumedFromOperations);
        }
    }
}
