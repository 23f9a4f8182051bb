using Microsoft.Extensions.Options;
using VolunteerQuantum.Volunteer.Policy;

namespace VolunteerQuantum.Volunteer.Work;

/// <summary>
/// Where a replica meets the computing policy: it waits here while the policy says pause (or while
/// its state is larger than the memory lent right now), and a watcher cancels its simulation the
/// moment the policy turns, recording why in the session (its heartbeats and the status carry it).
/// </summary>
public sealed class ComputingGate(IOptions<VolunteerOptions> options, IComputingPolicy policy)
{
    private readonly TimeSpan _poll = TimeSpan.FromSeconds(Math.Clamp(options.Value.Policy.SampleSeconds / 2, 0.02, 1));

    /// <summary>Why the replica may not compute now ("" if it may): the policy's reason, or a state larger than the memory lent now.</summary>
    public string PauseReason(long stateBytes)
    {
        var decision = policy.Current;
        if (!decision.MayCompute)
        {
            return decision.PausedReason;
        }
        return stateBytes > decision.MemoryBytes
            ? $"waiting for memory: the unit needs {stateBytes / (1024.0 * 1024 * 1024):0.##} GiB, {decision.MemoryBytes / (1024.0 * 1024 * 1024):0.##} GiB lent now"
            : "";
    }

    /// <summary>Waits (with nothing running) until the replica may compute; the status shows it suspended meanwhile.</summary>
    public async Task WaitUntilAllowedAsync(ReplicaSession session, long stateBytes, CancellationToken leaseToken)
    {
        while (PauseReason(stateBytes) is { Length: > 0 } reason)
        {
            session.PausedReason = reason;
            session.ShowSuspended(reason);
            await Task.Delay(_poll, leaseToken);
        }
        session.PausedReason = "";
        session.ShowSuspended("");
    }

    /// <summary>Cancels <paramref name="suspend"/> as soon as the replica may not compute; returns when it is cancelled either way.</summary>
    public async Task WatchAsync(ReplicaSession session, long stateBytes, CancellationTokenSource suspend)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_poll, suspend.Token);
                if (PauseReason(stateBytes) is { Length: > 0 } reason)
                {
                    session.PausedReason = reason;
                    await suspend.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended (or was cancelled for another reason).
        }
    }
}
