using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Coordinator.Verification;

namespace VolunteerQuantum.Coordinator.Pipeline;

/// <summary>
/// BOINC's validator: judges the units a result came in for (<see cref="UnitRecord.NeedsJudging"/>),
/// so an upload only records its result and returns. The units waiting are taken a project at a
/// time, each project's in one transaction (one commit for many units); a project whose judging
/// throws is rolled back, retried and failed after a few tries (<see cref="PipelineRunner"/>),
/// while the others are judged. Driven by the persisted flag, so results stored before a crash
/// are judged after the restart.
/// </summary>
public sealed partial class Validator(
    GridStore store,
    UnitJudge judge,
    PipelineRunner runner,
    PipelineSignals signals,
    GridEvents events,
    ILogger<Validator> logger) : BackgroundService
{
    /// <summary>Units judged in one round (the rest wait for the next, which follows at once).</summary>
    private const int RoundSize = 512;

    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(10);

    /// <summary>On a shared database results also arrive at other coordinators, which cannot wake this one: it looks this often.</summary>
    private static readonly TimeSpan SharedPoll = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!store.HoldsLease(PipelineRunner.Validator))
                {
                    // Another coordinator on the shared database runs the validator.
                    await Task.Delay(PipelineRunner.LeaseRetry, stoppingToken);
                    continue;
                }
                if (JudgeRound(stoppingToken) < RoundSize
                    && await signals.Validation.WaitAsync(store.IsShared ? SharedPoll : TimeSpan.FromSeconds(1), stoppingToken))
                {
                    // Woken by a result: a moment's pause lets the results arriving with it be
                    // judged in the same transaction (one commit for many units under load).
                    await Task.Delay(BatchWindow, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Listing the units waiting failed (the store is unavailable): the next round tries again.
                LogRoundFailed(e);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Judges the units waiting (up to a round's worth), project by project; returns how many were waiting.</summary>
    public int JudgeRound(CancellationToken stoppingToken = default)
    {
        List<IGrouping<string, string>> byProject;
        int waiting;
        lock (store.Gate)
        {
            var units = store.Units.NeedingJudging(RoundSize).Select(u => (u.ProjectId, u.Id)).ToList();
            waiting = units.Count;
            byProject = units.GroupBy(u => u.ProjectId, u => u.Id).ToList();
        }
        foreach (var units in byProject)
        {
            runner.Run(PipelineRunner.Validator, units.Key, () => store.Transaction(() => Judge(units.Key, units)), stoppingToken);
        }
        if (waiting > 0)
        {
            events.Changed();
        }
        return waiting;
    }

    /// <summary>Judges one project's waiting units. Call inside a transaction.</summary>
    private void Judge(string projectId, IEnumerable<string> unitIds)
    {
        var project = store.Projects.FindById(projectId);
        foreach (var id in unitIds)
        {
            if (store.Units.FindById(id) is not { NeedsJudging: true } unit)
            {
                continue;
            }
            unit.NeedsJudging = false;
            store.SaveUnit(unit);
            if (project is not null)
            {
                judge.Judge(project, unit);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The validator could not list the units waiting for it; it will retry")]
    private partial void LogRoundFailed(Exception exception);
}
