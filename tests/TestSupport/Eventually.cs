namespace VolunteerQuantum.TestSupport;

/// <summary>
/// Waits for what the coordinator's pipeline services do after a request returns (verification
/// is eventual: a project completes once the assimilator delivered it). Polls until the condition
/// holds, failing with what was awaited after a deadline long enough for a loaded machine.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> until, string what, TimeSpan? deadline = null) =>
        ValueAsync(read, until, () => what, deadline);

    /// <param name="what">Described only when the wait fails, so it can say how things stand then.</param>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> until, Func<string> what, TimeSpan? deadline = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(until);
        ArgumentNullException.ThrowIfNull(what);
        var end = DateTime.UtcNow + (deadline ?? Deadline);
        while (true)
        {
            var value = await read();
            if (until(value))
            {
                return value;
            }
            if (DateTime.UtcNow > end)
            {
                throw new TimeoutException($"timed out waiting for {what()}; last seen: {value}");
            }
            await Task.Delay(20);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        ValueAsync(() => Task.FromResult(condition()), v => v, what, deadline);
}
