using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Grid.Sketches;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>A state upload that is refused, cut short, cancelled or found invalid leaves nothing in the blob store.</summary>
public sealed class UploadCleanupTests
{
    // The test grid's leases lapse after a second without a heartbeat: too short on a loaded machine.
    private static void LongLeases(CoordinatorOptions options) => options.HeartbeatIntervalSeconds = 10;

    // |00⟩ as complex128: the right length and norm for a two-qubit state.
    private static readonly byte[] State = [.. BitConverter.GetBytes(1.0), .. new byte[56]];

    private static async Task<(TestCoordinator Grid, ProjectInfo Project)> StartAsync()
    {
        var grid = await TestCoordinator.StartAsync(LongLeases);
        var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, ReturnState = true, Seed = 5 }, TestCoordinator.ApiKeyHeaders);
        return (grid, project);
    }

    private static int BlobFiles(TestCoordinator grid) =>
        Directory.EnumerateFiles(Path.Combine(grid.DataDirectory, "blobs"), "*", SearchOption.AllDirectories).Count();

    private static async Task<(ScriptedVolunteer Volunteer, Assignment Lease)> UploaderAsync(TestCoordinator grid, string owner)
    {
        var volunteer = await ScriptedVolunteer.RegisterAsync(grid, owner);
        var lease = await volunteer.RequestAsync();
        Assert.NotNull(lease);
        Assert.True(lease.Task.Whole.ReturnState);
        return (volunteer, lease);
    }

    /// <summary>A header that matches the state exactly, sketches and norm included.</summary>
    private static ResultHeader Header(Assignment lease, byte[] state)
    {
        var sketcher = new StateSketcher(false, [.. lease.Task.SketchSeeds]);
        sketcher.Add(state);
        var (sketches, norm) = sketcher.Result();
        var header = new ResultHeader { ReplicaId = lease.ReplicaId, Outcome = ResultOutcome.Success, NormSquared = norm, StateLength = state.Length, StateFormat = "c16" };
        header.Sketches.AddRange(sketches.Select(s => new ComplexNumber { Re = s.Real, Im = s.Imaginary }));
        return header;
    }

    private static async Task<StatusCode> SendAsync(ScriptedVolunteer volunteer, IEnumerable<ResultPart> parts)
    {
        using var call = volunteer.Client.SubmitResult(volunteer.Headers);
        try
        {
            foreach (var part in parts)
            {
                await call.RequestStream.WriteAsync(part);
            }
            await call.RequestStream.CompleteAsync();
            await call;
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private static ResultPart Data(byte[] bytes) => new() { Data = ByteString.CopyFrom(bytes) };

    private static ResultPart Trailer(byte[] bytes) => new() { Trailer = new ResultTrailer { Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)) } };

    private static async Task<int> SettledBlobFilesAsync(TestCoordinator grid, int expected)
    {
        // A cancelled call is cleaned up by the server after the client has gone.
        for (var i = 0; i < 100 && BlobFiles(grid) != expected; i++)
        {
            await Task.Delay(50);
        }
        return BlobFiles(grid);
    }

    [Fact]
    public async Task SubmitResult_ThirtyWrongTrailers_BlobDirectoryUnchanged()
    {
        var (grid, project) = await StartAsync();
        await using var _ = grid;
        var (volunteer, lease) = await UploaderAsync(grid, "careless");
        var before = BlobFiles(grid);
        for (var i = 0; i < 30; i++)
        {
            var wrong = new ResultPart { Trailer = new ResultTrailer { Sha256 = new string('0', 64) } };
            Assert.Equal(StatusCode.InvalidArgument, await SendAsync(volunteer, [new() { Header = Header(lease, State) }, Data(State), wrong]));
        }
        Assert.Equal(before, BlobFiles(grid));
        var info = await grid.Projects.GetProjectAsync(new ProjectRequest { ProjectId = project.Id }, TestCoordinator.ApiKeyHeaders);
        Assert.Equal(1, info.ReplicasRunning);
        // The holder can still upload properly, and that state is kept.
        Assert.Equal(StatusCode.OK, await SendAsync(volunteer, [new() { Header = Header(lease, State) }, Data(State), Trailer(State)]));
        Assert.Equal(before + 1, BlobFiles(grid));
    }

    [Fact]
    public async Task SubmitResult_TooMuchShortOrUnfinishedStream_BlobDirectoryUnchanged()
    {
        var (grid, _) = await StartAsync();
        await using var __ = grid;
        var (volunteer, lease) = await UploaderAsync(grid, "sloppy");
        var before = BlobFiles(grid);
        var header = new ResultPart { Header = Header(lease, State) };
        Assert.Equal(StatusCode.InvalidArgument, await SendAsync(volunteer, [header, Data(State), Data(State), Trailer(State)]));
        Assert.Equal(StatusCode.InvalidArgument, await SendAsync(volunteer, [header, Data(State[..32]), Trailer(State[..32])]));
        Assert.Equal(StatusCode.InvalidArgument, await SendAsync(volunteer, [header, Data(State)]));
        Assert.Equal(StatusCode.InvalidArgument, await SendAsync(volunteer, [header, Data(State), header]));
        Assert.Equal(before, BlobFiles(grid));
    }

    [Fact]
    public async Task SubmitResult_CallCancelledMidUpload_BlobDirectoryUnchanged()
    {
        var (grid, _) = await StartAsync();
        await using var __ = grid;
        var (volunteer, lease) = await UploaderAsync(grid, "vanishing");
        var before = BlobFiles(grid);
        using (var cts = new CancellationTokenSource())
        {
            using var call = volunteer.Client.SubmitResult(volunteer.Headers, cancellationToken: cts.Token);
            await call.RequestStream.WriteAsync(new ResultPart { Header = Header(lease, State) });
            await call.RequestStream.WriteAsync(Data(State[..16]));
            await Task.Delay(200);
            await cts.CancelAsync();
            await Assert.ThrowsAsync<RpcException>(async () => await call);
        }
        Assert.Equal(before, await SettledBlobFilesAsync(grid, before));
    }

    [Fact]
    public async Task SubmitResult_LeaseLostBeforeTrailer_RefusedAndBlobDeleted()
    {
        var (grid, _) = await StartAsync();
        await using var __ = grid;
        var (volunteer, lease) = await UploaderAsync(grid, "slow");
        var before = BlobFiles(grid);
        using var call = volunteer.Client.SubmitResult(volunteer.Headers);
        await call.RequestStream.WriteAsync(new ResultPart { Header = Header(lease, State) });
        await call.RequestStream.WriteAsync(Data(State));
        await volunteer.Client.ReleaseLeaseAsync(new ReleaseLeaseRequest { ReplicaId = lease.ReplicaId, Reason = "shutting down" }, volunteer.Headers);
        await call.RequestStream.WriteAsync(Trailer(State));
        await call.RequestStream.CompleteAsync();
        var e = await Assert.ThrowsAsync<RpcException>(async () => await call);
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Equal(before, BlobFiles(grid));
    }

    [Fact]
    public async Task SubmitResult_StateContradictsItsSketches_ReplicaInvalidAndBlobDeleted()
    {
        var (grid, project) = await StartAsync();
        await using var _ = grid;
        var (volunteer, lease) = await UploaderAsync(grid, "liar");
        var before = BlobFiles(grid);
        var header = Header(lease, State);
        header.Sketches[0] = new ComplexNumber { Re = 0.5 };
        Assert.Equal(StatusCode.OK, await SendAsync(volunteer, [new() { Header = header }, Data(State), Trailer(State)]));
        var info = await grid.Projects.GetProjectAsync(new ProjectRequest { ProjectId = project.Id }, TestCoordinator.ApiKeyHeaders);
        Assert.Equal(1, info.Verification.ReplicasInvalid);
        Assert.Equal(before, BlobFiles(grid));
    }

    [Fact]
    public async Task SubmitResult_InvalidStateWhoseBytesAnotherReplicaStored_BlobKept()
    {
        // Content addressing: an invalid upload of bytes another replica's result names must not take them away.
        var (grid, first) = await StartAsync();
        await using var _ = grid;
        var second = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, ReturnState = true, Seed = 6 }, TestCoordinator.ApiKeyHeaders);
        var (honest, lease) = await UploaderAsync(grid, "honest");
        Assert.Equal(StatusCode.OK, await SendAsync(honest, [new() { Header = Header(lease, State) }, Data(State), Trailer(State)]));
        var kept = BlobFiles(grid);
        var liar = await ScriptedVolunteer.RegisterAsync(grid, "liar");
        Assignment? upload = null;
        for (var i = 0; i < 3 && upload is null; i++)
        {
            var next = await liar.RequestAsync();
            upload = next is { Task.Whole.ReturnState: true } ? next : null;
        }
        Assert.NotNull(upload);
        var header = Header(upload, State);
        header.Sketches[0] = new ComplexNumber { Re = 0.5 };
        Assert.Equal(StatusCode.OK, await SendAsync(liar, [new() { Header = header }, Data(State), Trailer(State)]));
        Assert.Equal(kept, BlobFiles(grid));
        var invalid = 0;
        foreach (var id in new[] { first.Id, second.Id })
        {
            invalid += (await grid.Projects.GetProjectAsync(new ProjectRequest { ProjectId = id }, TestCoordinator.ApiKeyHeaders)).Verification.ReplicasInvalid;
        }
        Assert.Equal(1, invalid);
    }
}
