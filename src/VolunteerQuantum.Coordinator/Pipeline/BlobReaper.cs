using LiteDB;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Coordinator.Blobs;
using VolunteerQuantum.Coordinator.Monitoring;
using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Coordinator.Pipeline;

/// <summary>
/// Deletes the blobs nothing needs any more (BOINC's file deleter), by mark and sweep: at start-up
/// (orphans of crashes and rolled-back transactions) and then every
/// <see cref="CoordinatorOptions.BlobReaperIntervalSeconds"/>, it reads the live set
/// (<see cref="LiveBlobs"/>) and deletes every other blob older than
/// <see cref="CoordinatorOptions.BlobReaperGraceSeconds"/>. The grace covers blobs written but not
/// yet named (an upload being recorded); writers that take longer hold the store
/// (<see cref="IBlobStore.Hold"/>). A sweep that cannot read the store deletes nothing, and no failure
/// stops the reaper or the host: the next sweep tries again.
/// </summary>
public sealed partial class BlobReaper(
    GridStore store,
    IBlobStore blobs,
    GridMetrics metrics,
    IOptions<CoordinatorOptions> options,
    ILogger<BlobReaper> logger) : BackgroundService
{
    /// <summary>
    /// Subtracted from every cutoff: file times come from the kernel's coarse clock, which lags the
    /// one DateTime.UtcNow reads, so a blob written just after a cutoff could look older than it.
    /// </summary>
    private static readonly TimeSpan ClockSlack = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(0.01, options.Value.BlobReaperIntervalSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            // Where another coordinator reaps, this one asks again soon, and sweeps at once when it takes over.
            var holds = store.HoldsLease(PipelineRunner.BlobReaper);
            if (holds)
            {
                await Task.Run(() => SweepSafely(stoppingToken), CancellationToken.None);
            }
            try
            {
                await Task.Delay(holds ? interval : PipelineRunner.LeaseRetry, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void SweepSafely(CancellationToken stoppingToken)
    {
        try
        {
            var (count, bytes) = Sweep(stoppingToken);
            metrics.BlobsReaped(count, bytes);
            if (count > 0)
            {
                LogReaped(count, bytes);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Whatever went wrong, deleting stopped where it was; the next sweep starts afresh.
            LogSweepFailed(e);
        }
    }

    /// <summary>One mark and sweep; returns the blobs deleted and their bytes (none when the store cannot be read).</summary>
    public (int Count, long Bytes) Sweep(CancellationToken cancellationToken = default)
    {
        // Taken before the live set is read: a blob written or stored again after it is young,
        // whether or not the live set saw the record that names it.
        var cutoff = DateTime.UtcNow - TimeSpan.FromSeconds(Math.Max(0, options.Value.BlobReaperGraceSeconds));
        if (blobs.OldestHoldUtc is { } held && held < cutoff)
        {
            cutoff = held;
        }
        cutoff -= ClockSlack;
        HashSet<string> live;
        try
        {
            live = LiveBlobs.Read(store, blobs);
        }
        catch (Exception e) when (e is StorageUnavailableException or LiteException or IOException or UnauthorizedAccessException
            or InvalidDataException or System.Text.Json.JsonException)
        {
            LogLiveSetUnreadable(e);
            return (0, 0);
        }
        var count = 0;
        var bytes = 0L;
        foreach (var name in blobs.EnumerateNames().Where(n => !live.Contains(n)).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (blobs.DeleteIfUnchangedSince(name, cutoff) is { } freed)
                {
                    count++;
                    bytes += freed;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogNotDeleted(e, name);
            }
        }
        return (count, bytes);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Blob reaper deleted {Count} unneeded blob(s), {Bytes} bytes")]
    private partial void LogReaped(int count, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blob reaper skipped a sweep: the store or a shard document could not be read, and deleting without all of it could lose data")]
    private partial void LogLiveSetUnreadable(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blob reaper could not delete blob {Blob}; skipped")]
    private partial void LogNotDeleted(Exception exception, string blob);

    [LoggerMessage(Level = LogLevel.Error, Message = "Blob reaper sweep failed; the next one tries again")]
    private partial void LogSweepFailed(Exception exception);
}
