using Grpc.Core;
using VolunteerQuantum.Cli.Output;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Cli.Grid;

/// <summary>Follows a project until it ends, drawing a progress bar on a terminal.</summary>
internal static class ProjectWatcher
{
    /// <summary>
    /// With several coordinators, a watch whose coordinator goes away is reopened on the next one
    /// (each message is the project's whole state, so nothing is lost); one that cannot be reopened
    /// anywhere fails as a single coordinator's would.
    /// </summary>
    public static async Task<ProjectInfo> WatchAsync(GridConnection grid, string projectId, TextWriter progressOut, CancellationToken cancellationToken)
    {
        using var line = new ProgressLine(progressOut, "");
        ProjectInfo? last = null;
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
                    line.Show(Describe(info));
                }
                break;
            }
            // Reopening already tried every coordinator when nothing came: then it is over.
            catch (RpcException e) when (grid.HasAlternatives && received && Volunteer.Connection.FailoverPolicy.IsUnreachable(e))
            {
                // The stream's reader moved the connection on to the next coordinator; the switch was reported.
            }
        }
        line.Done();
        return last ?? throw new InvalidOperationException($"the coordinator sent no state for project {projectId}");
    }

    public static string Describe(ProjectInfo info)
    {
        const int width = 30;
        var done = info.UnitsTotal == 0 ? 0 : (double)info.UnitsVerified / info.UnitsTotal;
        var filled = (int)Math.Round(done * width);
        var stage = info.Plan.Stages > 0 ? $"stage {info.Plan.CurrentStage + 1}/{info.Plan.Stages}, " : "";
        return $"[{new string('#', filled)}{new string('.', width - filled)}] {stage}{info.UnitsVerified}/{info.UnitsTotal} units verified, {info.ReplicasRunning} replica(s) running"
            + (info.Verification.ReplicasInvalid > 0 ? $", {info.Verification.ReplicasInvalid} rejected" : "");
    }
}
