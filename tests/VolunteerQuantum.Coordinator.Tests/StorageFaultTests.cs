using Grpc.Core;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>
/// A full or read-only data directory answers ResourceExhausted or Unavailable with the path and
/// the cause, changes nothing, and the coordinator recovers by itself once the fault is gone.
/// </summary>
public sealed class StorageFaultTests
{
    private static SubmitProjectRequest Bell(ulong seed) => new() { Qasm = TestCircuits.Bell, Shots = 100, Seed = seed };

    private static RegisterRequest Host(string name) => new() { EnrollmentToken = TestCoordinator.EnrollmentToken, Owner = name, HostName = name, Capabilities = ScriptedVolunteer.Capabilities(1L << 30) };

    private static async Task<int> ProjectCountAsync(TestCoordinator grid) =>
        (await grid.Projects.ListProjectsAsync(new ListProjectsRequest(), TestCoordinator.ApiKeyHeaders)).Projects.Count;

    private static async Task<int> HostCountAsync(TestCoordinator grid) =>
        (await grid.Status.ListHostsAsync(new ListHostsRequest(), TestCoordinator.ApiKeyHeaders)).Hosts.Count;

    /// <summary>Writes until the file system refuses another byte.</summary>
    private static void Fill(string path)
    {
        var chunk = new byte[4096];
        using var filler = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        try
        {
            while (true)
            {
                filler.Write(chunk);
            }
        }
        catch (IOException e) when (StorageUnavailableException.IsNoSpace(e))
        {
        }
    }

    [TmpfsFact]
    public async Task SubmitAndRegister_DataDirectoryFull_ResourceExhaustedNothingChanged_RecoversWhenSpaceReturns()
    {
        using var disk = Tmpfs.Mount("size=8m");
        var data = Path.Combine(disk.Path, "data");
        await using var grid = await TestCoordinator.StartAsync(dataDirectory: data);
        await grid.Projects.SubmitAsync(Bell(1), TestCoordinator.ApiKeyHeaders);
        await grid.Volunteers.RegisterAsync(Host("before"));

        var filler = Path.Combine(disk.Path, "filler");
        Fill(filler);
        var submit = await Assert.ThrowsAsync<RpcException>(async () => await grid.Projects.SubmitAsync(Bell(2), TestCoordinator.ApiKeyHeaders));
        Assert.Equal(StatusCode.ResourceExhausted, submit.StatusCode);
        Assert.Contains($"data directory {data} is full", submit.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("No space left on device", submit.Status.Detail, StringComparison.Ordinal);
        var register = await Assert.ThrowsAsync<RpcException>(async () => await grid.Volunteers.RegisterAsync(Host("during")));
        Assert.Equal(StatusCode.ResourceExhausted, register.StatusCode);
        Assert.Contains(data, register.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, await ProjectCountAsync(grid));
        Assert.Equal(1, await HostCountAsync(grid));

        File.Delete(filler);
        await grid.Projects.SubmitAsync(Bell(3), TestCoordinator.ApiKeyHeaders);
        await grid.Volunteers.RegisterAsync(Host("after"));
        Assert.Equal(2, await ProjectCountAsync(grid));
        Assert.Equal(2, await HostCountAsync(grid));
        // The grid still works end to end on the recovered store.
        var volunteer = await ScriptedVolunteer.RegisterAsync(grid, "worker");
        Assert.NotNull(await volunteer.RequestAsync());
        // What the faulted database left must be collectable: LiteDB's transaction finalizer threw on
        // the finalizer thread after a failed commit, which ends the whole process.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    [TmpfsFact]
    public async Task Submit_BlobDirectoryReadOnly_UnavailableNothingChanged_RecoversWhenWritable()
    {
        using var disk = Tmpfs.Mount("size=8m");
        var data = Path.Combine(disk.Path, "data");
        await using var grid = await TestCoordinator.StartAsync(dataDirectory: data);
        var temp = Path.Combine(data, "blobs", "tmp");
        Tmpfs.MountOver(temp, "ro,size=64k");
        try
        {
            var e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Projects.SubmitAsync(Bell(1), TestCoordinator.ApiKeyHeaders));
            Assert.Equal(StatusCode.Unavailable, e.StatusCode);
            Assert.Contains($"cannot write to its data directory {data}", e.Status.Detail, StringComparison.Ordinal);
            Assert.Equal(0, await ProjectCountAsync(grid));
        }
        finally
        {
            Tmpfs.Unmount(temp);
        }
        await grid.Projects.SubmitAsync(Bell(2), TestCoordinator.ApiKeyHeaders);
        Assert.Equal(1, await ProjectCountAsync(grid));
    }

    [Theory]
    [InlineData(28, "No space left on device : '/data/x'", true)]
    [InlineData(5, "Input/output error", false)]
    [InlineData(0, "There is not enough space on the disk.", true)]
    public void IsNoSpace_IOExceptions_RecognisesAFullDisk(int hresult, string message, bool full)
    {
        if (OperatingSystem.IsWindows() && hresult != 0)
        {
            return;
        }
        Assert.Equal(full, StorageUnavailableException.IsNoSpace(new IOException(message, hresult)));
        Assert.True(StorageUnavailableException.IsStorageFault(new InvalidOperationException("wrapped", new IOException(message, hresult))));
    }

    [Fact]
    public void IsStorageFault_MissingFileOrUnrelatedError_NotAStorageFault()
    {
        Assert.False(StorageUnavailableException.IsStorageFault(new FileNotFoundException("gone")));
        Assert.False(StorageUnavailableException.IsStorageFault(new InvalidOperationException("bug")));
        Assert.True(StorageUnavailableException.IsStorageFault(new UnauthorizedAccessException("read-only")));
    }
}
