using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Cli.Commands;
using VolunteerQuantum.Cli.Grid;
using VolunteerQuantum.Coordinator;
using VolunteerQuantum.Coordinator.Extensions;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Cli.Tests;

/// <summary>`vq` with several coordinators: a dead one is passed over, all dead exits 2 naming each address tried.</summary>
public sealed class FailoverOptionsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vq-cli-failover-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    [Fact]
    public async Task Status_DeadThenLive_Succeeds_AndSaysItSwitched()
    {
        await using var coordinator = await EmbeddedCoordinator.StartAsync(new CoordinatorOptions
        {
            DataDirectory = Path.Combine(_root, "coordinator"),
            GrpcPort = 0,
            HttpPort = -1,
            ApiKeys = ["admin=key"],
        }, l => l.ClearProviders());
        var dead = DeadAddress();
        var live = coordinator.GrpcAddress.ToString();

        Assert.Equal(0, await VqCommand.Build().Parse(["status", "-c", $"{dead},{live}", "--api-key", "key"]).InvokeAsync());

        using var notices = new StringWriter();
        using var grid = new GridConnection($"{dead}, {live}", "key", switched: notices);
        await grid.Status.GetGridStatusAsync(new GridStatusRequest());
        Assert.StartsWith($"coordinator {dead} unreachable (", notices.ToString(), StringComparison.Ordinal);
        Assert.EndsWith($"; using {live}{Environment.NewLine}", notices.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_AllDead_ExitCode2_ErrorNamesEveryAddress()
    {
        var (a, b) = (DeadAddress(), DeadAddress());

        Assert.Equal(2, await VqCommand.Build().Parse(["status", "-c", $"{a},{b}", "--api-key", "key"]).InvokeAsync());

        using var grid = new GridConnection($"{a},{b}", "key", switched: TextWriter.Null);
        var e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Status.GetGridStatusAsync(new GridStatusRequest()));
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Contains(a, e.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(b, e.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing API key: send it in the 'vq-api-key' metadata entry", "the coordinator needs an API key: pass --api-key or set VQ_API_KEY")]
    [InlineData("unknown API key", "the coordinator does not know this API key: pass --api-key or set VQ_API_KEY")]
    public void KeyAdvice_SaysWhatToPass_AndWhereTheKeyIs(string detail, string expected)
    {
        var advice = CommandErrors.KeyAdvice(detail);
        Assert.StartsWith(expected, advice, StringComparison.Ordinal);
        Assert.Contains("DATA_DIR/api-key", advice, StringComparison.Ordinal);
        Assert.DoesNotContain("metadata", advice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_OneDeadAddress_ErrorNamesItAndTheCause()
    {
        var dead = DeadAddress();
        using var grid = new GridConnection(dead, "key", switched: TextWriter.Null);
        var e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Status.GetGridStatusAsync(new GridStatusRequest()));
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Contains($"{dead} did not answer", e.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("subchannel", e.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status", "http://127.0.0.1:9,127.0.0.1:10")]
    [InlineData("status", "http://127.0.0.1:9,,http://127.0.0.1:10")]
    [InlineData("status", "http://127.0.0.1:9,http://127.0.0.1:9")]
    [InlineData("volunteer", "http://127.0.0.1:9,nonsense")]
    public async Task Invoke_BadAddressInList_ExitCode1(string command, string addresses)
    {
        Assert.Equal(1, await VqCommand.Build().Parse([command, "-c", addresses, .. command == "volunteer" ? new[] { "--data-dir", Path.Combine(_root, "v") } : []]).InvokeAsync());
    }

    [Fact]
    public void GridConnection_BadAddressInList_ErrorNamesIt()
    {
        var e = Assert.Throws<FormatException>(() => new GridConnection("http://127.0.0.1:9,grid:7070", null));
        Assert.StartsWith("'grid:7070' is not a coordinator address", e.Message, StringComparison.Ordinal);
    }

    private static string DeadAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }
}
