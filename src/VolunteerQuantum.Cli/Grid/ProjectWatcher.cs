using Grpc.Core;
using VolunteerQuantum.Cli.Output;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Cli.Grid;

/// <summary>Follows a project until it ends, showing its live progress (a redrawn line on a terminal, plain lines elsewhere).</summary>
internal static class ProjectWatcher
{
    /// <summary>
    /// With several coordinators, a watch whose coordinator goes away is reopened on the next one
    /// (each message is the project's whole state, so nothing is lost); one that cannot be reopened
    /// anywhere fails as a single coordinator's would.
    /// </summary>
    public static async Task<ProjectInfo> WatchAsync(GridConnection grid, string projectId, TextWriter progressOut, CancellationToken cancellationToken)
    {
        using var display = WatchDisplay.For(progressOut);
        using var ticking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Between updates (a stalled project may send none for minutes) the display still moves.
        var ticker = TickAsync(display, ticking.Token);
        ProjectInfo? last = null;
        try
        {
            while (true)
            {
                var received = false;
                try
                {
                    using var call = grid.Projects.WatchProject(new ProjectRequest { ProjectId = projectId }, grid.Headers, cancellationToken: cancellationToken);
                    await foreach (var info in call.ResponseStream.ReadAllAsync(cancellationToken))
                    {
                        received = true;
                        last = info;
                        display.Show(info);
                    }
                    break;
                }
                // Reopening already tried every coordinator when nothing came: then it is over.
                catch (RpcException e) when (grid.HasAlternatives && received && Volunteer.Connection.FailoverPolicy.IsUnreachable(e))
                {
                    // The stream's reader moved the connection on to the next coordinator; the switch was reported.
                }
            }
        }
        finally
        {
            await ticking.CancelAsync();
            await ticker;
            display.Done();
        }
        return last ?? throw new InvalidOperationException($"the coordinator sent no state for project {projectId}");
    }

    private static async Task TickAsync(WatchDisplay display, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                display.Tick();
            }
        }
        catch (OperationCanceledException)
        {
            // The watch ended.
        }
    }

    /// <summary>The one-line summary printed when a watch ends (vq watch).</summary>
    public static string Describe(ProjectInfo info) => ProgressText.Line(info);
}
