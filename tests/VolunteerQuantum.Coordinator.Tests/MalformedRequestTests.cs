using Grpc.Core;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>Garbage on the wire is the sender's problem: a clear status for it, one log line, no stack trace.</summary>
public sealed class MalformedRequestTests
{
    // A field tag followed by a varint that never ends: no protobuf parser accepts it.
    private static readonly byte[] Garbage = [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);

    private static Method<byte[], byte[]> RawMethod(MethodType type, string service, string name) => new(type, service, name, Raw, Raw);

    private static string[] NewLogLines(TestCoordinator grid, int skip) =>
        [.. grid.LoggedEntries.Skip(skip).Where(e => e.Category.StartsWith("Grpc", StringComparison.Ordinal) || e.Category.StartsWith("VolunteerQuantum", StringComparison.Ordinal)).Select(e => $"{e.Level} {e.Category}: {e.Text}")];

    [Fact]
    public async Task Register_GarbageBytes_ClearErrorOneLogLineCoordinatorStaysUp()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var invoker = grid.Channel.CreateCallInvoker();
        var before = grid.LoggedEntries.Count;
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await invoker.AsyncUnaryCall(RawMethod(MethodType.Unary, "volunteerquantum.v1.VolunteerService", "Register"), null, new CallOptions(), Garbage));
        Assert.NotEqual(StatusCode.OK, e.StatusCode);
        await Task.Delay(200);
        var lines = NewLogLines(grid, before);
        Assert.Contains("malformed varint", e.Status.Detail, StringComparison.Ordinal);
        var line = Assert.Single(lines);
        Assert.DoesNotContain("\n", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
        // Still serving.
        var reply = await grid.Volunteers.RegisterAsync(new RegisterRequest { EnrollmentToken = TestCoordinator.EnrollmentToken, Owner = "after", HostName = "after" });
        Assert.NotEmpty(reply.HostId);
    }

    [Fact]
    public async Task SubmitResult_GarbageBytesInTheStream_ClearErrorOneLogLine()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var volunteer = await ScriptedVolunteer.RegisterAsync(grid, "garbler");
        var invoker = grid.Channel.CreateCallInvoker();
        var before = grid.LoggedEntries.Count;
        using var call = invoker.AsyncClientStreamingCall(RawMethod(MethodType.ClientStreaming, "volunteerquantum.v1.VolunteerService", "SubmitResult"), null, new CallOptions(volunteer.Headers));
        await call.RequestStream.WriteAsync(Garbage);
        await call.RequestStream.CompleteAsync();
        var e = await Assert.ThrowsAsync<RpcException>(async () => await call);
        await Task.Delay(200);
        var lines = NewLogLines(grid, before);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("not valid protobuf", e.Status.Detail, StringComparison.Ordinal);
        var line = Assert.Single(lines);
        Assert.DoesNotContain("\n", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
        // Still serving the same host.
        Assert.Null(await volunteer.RequestAsync());
    }

    [Fact]
    public async Task SubmitResult_ClientResetsMidStream_OneLogLineNoError()
    {
        await using var grid = await TestCoordinator.StartAsync(o => o.HeartbeatIntervalSeconds = 10);
        await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 3 }, TestCoordinator.ApiKeyHeaders);
        var volunteer = await ScriptedVolunteer.RegisterAsync(grid, "vanishing");
        var lease = (await volunteer.RequestAsync())!;
        var before = grid.LoggedEntries.Count;
        using (var cts = new CancellationTokenSource())
        {
            using var call = volunteer.Client.SubmitResult(volunteer.Headers, cancellationToken: cts.Token);
            await call.RequestStream.WriteAsync(new ResultPart { Header = ScriptedVolunteer.Counts(lease.ReplicaId, ("00", 100)) });
            await Task.Delay(200);
            await cts.CancelAsync();
            await Assert.ThrowsAsync<RpcException>(async () => await call);
        }
        string[] lines = [];
        for (var i = 0; i < 40 && lines.Length == 0; i++)
        {
            await Task.Delay(50);
            lines = NewLogLines(grid, before);
        }
        var line = Assert.Single(lines);
        Assert.StartsWith("Information", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", line, StringComparison.Ordinal);
        Assert.Empty(grid.LoggedErrors);
    }
}
