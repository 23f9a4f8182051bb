using System.Collections;
using System.Reflection;
using LiteDB;

namespace VolunteerQuantum.Coordinator.Storage;

/// <summary>
/// LiteDB 5 gives each transaction a finalizer that, if the transaction was never disposed,
/// discards its dirty pages. After a commit that failed on a full or read-only disk those pages
/// are in a state the cache refuses ("discarded page must be writable"), and the exception, thrown
/// on the finalizer thread, ends the process. When the store throws away a faulted database it
/// throws its transactions away with it, so their finalizers are suppressed here. LiteDB exposes no
/// API for this; the fields are read by name, and if a future version renames them nothing is
/// suppressed (the behaviour of LiteDB alone).
/// </summary>
internal static class AbandonedTransactions
{
    private const BindingFlags Instance = BindingFlags.NonPublic | BindingFlags.Instance;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA1816", Justification = "The finalizers of another library's abandoned objects are the point: see the summary.")]
    public static void SuppressFinalizers(LiteDatabase database)
    {
        try
        {
            var engine = Field(database, "_engine");
            var monitor = engine is null ? null : Field(engine, "_monitor");
            if (monitor is null)
            {
                return;
            }
            if (Field(monitor, "_transactions") is IDictionary open)
            {
                foreach (var transaction in open.Values)
                {
                    GC.SuppressFinalize(transaction);
                }
            }
            // The failed transaction belongs to this thread: the store's transactions run on the caller's.
            if (Field(monitor, "_slot") is { } slot && slot.GetType().GetProperty("Value")?.GetValue(slot) is { } current)
            {
                GC.SuppressFinalize(current);
            }
        }
        catch (Exception e) when (e is TargetInvocationException or ObjectDisposedException or InvalidOperationException)
        {
            // A disposed thread-local: nothing left to finalize through it.
        }
    }

    private static object? Field(object owner, string name) => owner.GetType().GetField(name, Instance)?.GetValue(owner);
}
