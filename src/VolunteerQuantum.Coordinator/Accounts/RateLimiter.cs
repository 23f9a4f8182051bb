namespace VolunteerQuantum.Coordinator.Accounts;

/// <summary>
/// At most N events per key per minute (a sliding window, in memory): registrations per enrollment
/// token, so a leaked or abused token cannot mint hosts by the hundred, and submissions per
/// researcher account. A restart forgets the window, which costs an attacker nothing it could not
/// get by waiting a minute.
/// </summary>
public sealed class RateLimiter(TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _recent = new(StringComparer.Ordinal);

    /// <summary>Records an event; false (and nothing recorded) when the key is over its limit.</summary>
    public bool TryAcquire(string key, int perMinute, out TimeSpan retryAfter)
    {
        var now = clock.GetUtcNow();
        lock (_recent)
        {
            if (!_recent.TryGetValue(key, out var times))
            {
                _recent[key] = times = new Queue<DateTimeOffset>();
            }
            while (times.Count > 0 && now - times.Peek() >= Window)
            {
                times.Dequeue();
            }
            if (times.Count >= Math.Max(1, perMinute))
            {
                retryAfter = times.Peek() + Window - now;
                return false;
            }
            times.Enqueue(now);
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }
}
