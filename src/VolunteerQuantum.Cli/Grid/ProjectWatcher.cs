using Grpc.Core;
using VolunteerQuantum.Cli.Output;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Cli.Grid;

/// <summary>Follows a project until it ends, drawing a progress bar on a terminal.</summary>
internal static class ProjectWatcher
{
    public static async Task<ProjectInfo> WatchAsync(GridConnection grid, string projectId, TextWriter progressOut, CancellationToken cancellationToken)
    {
        using var line = new ProgressLine(progressOut, "");
        using var call = grid.Projects.WatchProject(new ProjectRequest { ProjectId = projectId }, grid.Headers, cancellationToken: cancellationToken);
        ProjectInfo? last = null;
        await foreach (var info in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            last = info;
            line.Show(Describe(info));
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
