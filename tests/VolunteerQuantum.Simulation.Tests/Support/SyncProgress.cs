namespace VolunteerQuantum.Simulation.Tests.Support;

/// <summary>An IProgress that reports on the caller's thread (Progress&lt;T&gt; posts asynchronously).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
