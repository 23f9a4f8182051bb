using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Cli.Grid;

/// <summary>Downloads a completed project's verified result, and its state to a .npy file when asked.</summary>
internal static class ResultFetcher
{
    public static async Task<ResultDocument> FetchAsync(GridConnection grid, ProjectInfo project, FileInfo? stateOut, CancellationToken cancellationToken)
    {
        if (project.State != ProjectState.Completed)
        {
            var reason = string.IsNullOrEmpty(project.FailureReason) ? "" : $": {project.FailureReason}";
            throw new Commands.UsageException($"project {project.Id} {project.State.ToString().ToLowerInvariant()}{reason}");
        }
        using var json = new MemoryStream();
        await grid.DownloadAsync(project.Id, ResultFormat.Json, json, cancellationToken);
        json.Position = 0;
        var document = ResultJson.Read(json);
        if (stateOut is null)
        {
            return document;
        }
        // Written to a temporary name first, so a failed download never leaves a truncated .npy.
        var temp = stateOut.FullName + ".part";
        await using (var file = File.Create(temp))
        {
            await grid.DownloadAsync(project.Id, ResultFormat.Npy, file, cancellationToken);
        }
        File.Move(temp, stateOut.FullName, overwrite: true);
        return document with
        {
            Points = document.Points.Select((p, i) => i == 0 ? p with { State = stateOut.FullName } : p).ToArray(),
        };
    }
}
