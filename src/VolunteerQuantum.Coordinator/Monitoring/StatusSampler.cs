using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace VolunteerQuantum.Coordinator.Monitoring;

/// <summary>
/// Samples the grid status into the <see cref="StatusHistory"/> every HistorySampleSeconds, through
/// the same builder /status uses: one short read under the store's lock per sample, whatever the
/// number of consoles open, which read the history from memory.
/// </summary>
public sealed partial class StatusSampler(
    GridStatusBuilder status,
    StatusHistory history,
    IOptions<CoordinatorOptions> options,
    TimeProvider clock,
    ILogger<StatusSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(0.1, options.Value.HistorySampleSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                history.Record(status.Build());
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The store is unavailable (a full disk, a lost database): a gap in the charts, no more.
                LogSampleFailed(e);
            }
            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not sample the grid status for the history")]
    private partial void LogSampleFailed(Exception e);
}
