using Grpc.Core;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Coordinator.Auth;
using VolunteerQuantum.Coordinator.Blobs;
using VolunteerQuantum.Coordinator.Progress;
using VolunteerQuantum.Coordinator.Projects;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Services;

/// <summary>The researcher-facing gRPC service: submit, inspect, watch, list, cancel, download.</summary>
public sealed class ProjectGrpcService(
    ProjectCatalog catalog,
    IBlobStore blobs,
    Credentials credentials,
    GridEvents events,
    ProgressBoard progress,
    IOptions<CoordinatorOptions> options) : ProjectService.ProjectServiceBase
{
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(200);

    public override Task<ProjectInfo> Submit(SubmitProjectRequest request, ServerCallContext context)
    {
        var researcher = credentials.RequireApiKey(context);
        WireChecks.Check(request);
        var project = catalog.Submit(ProtoMapping.MapSpec(request), researcher);
        return Task.FromResult(Info(catalog.View(project.Id, researcher)));
    }

    public override Task<ProjectInfo> GetProject(ProjectRequest request, ServerCallContext context)
    {
        var researcher = credentials.RequireApiKey(context);
        return Task.FromResult(Info(catalog.View(request.ProjectId, researcher)));
    }

    public override async Task WatchProject(ProjectRequest request, IServerStreamWriter<ProjectInfo> responseStream, ServerCallContext context)
    {
        var researcher = credentials.RequireApiKey(context);
        ProjectInfo? last = null;
        while (!context.CancellationToken.IsCancellationRequested)
        {
            var info = Info(catalog.View(request.ProjectId, researcher));
            if (!info.Equals(last))
            {
                await responseStream.WriteAsync(info, context.CancellationToken);
                last = info;
            }
            if (info.State != ProjectState.Running)
            {
                return;
            }
            // Woken by a change of the grid (a unit verified, the project ended) or by the progress
            // monitor's next sample (a couple a second), whichever comes first, so live progress
            // reaches the watcher at least once a second while it changes.
            await Task.WhenAny(events.WaitAsync(TimeSpan.FromSeconds(1), context.CancellationToken), progress.NextAsync());
            // A busy grid changes many times a second: a watcher needs a few updates a second, not
            // one full read of the project per change.
            await Task.Delay(MinimumInterval, context.CancellationToken);
        }
    }

    public override Task<ListProjectsResponse> ListProjects(ListProjectsRequest request, ServerCallContext context)
    {
        var researcher = credentials.RequireApiKey(context);
        var response = new ListProjectsResponse();
        response.Projects.AddRange(catalog.List(request.Limit, researcher).Select(p => Info(catalog.View(p.Id, researcher))));
        return Task.FromResult(response);
    }

    public override Task<ProjectInfo> CancelProject(ProjectRequest request, ServerCallContext context)
    {
        var researcher = credentials.RequireApiKey(context);
        var project = catalog.Cancel(request.ProjectId, researcher);
        return Task.FromResult(Info(catalog.View(project.Id, researcher)));
    }

    private ProjectInfo Info(ProjectView view) => ProtoMapping.MapInfo(view, progress.For(view.Project.Id));

    public override async Task DownloadResult(DownloadResultRequest request, IServerStreamWriter<DataChunk> responseStream, ServerCallContext context)
    {
        var researcher = credentials.RequireApiKey(context);
        var project = catalog.Get(request.ProjectId, researcher);
        if (project.State != Storage.ProjectState.Completed || project.ResultBlob is null)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"project '{project.Id}' is {project.State.ToString().ToLowerInvariant()}: its result exists once it has completed"));
        }
        var chunk = options.Value.ChunkBytes;
        if (request.Format == ResultFormat.Npy)
        {
            if (project.StateBlob is null)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"project '{project.Id}' did not ask for the state (submit it with return_state)"));
            }
            await using var state = blobs.OpenRead(project.StateBlob);
            await using var npy = NpyStream.Wrap(state, blobs.Length(project.StateBlob), project.StateFormat == "c8");
            await BlobStreaming.CopyToAsync(npy, responseStream, chunk, context.CancellationToken);
            return;
        }
        await using var json = blobs.OpenRead(project.ResultBlob);
        await BlobStreaming.CopyToAsync(json, responseStream, chunk, context.CancellationToken);
    }
}
