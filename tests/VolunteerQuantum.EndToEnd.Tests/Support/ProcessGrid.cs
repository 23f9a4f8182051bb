using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.EndToEnd.Tests.Support;

/// <summary>
/// A grid of real processes: `vq coordinator` on fixed loopback ports (so it can be killed and
/// started again on the same address and data) and `vq volunteer` daemons, each its own process.
/// On a shared PostgreSQL database it runs several coordinators (<see cref="StartSharedAsync"/>):
/// the single-coordinator members then speak of the first one that is alive.
/// </summary>
public sealed class ProcessGrid : IAsyncDisposable
{
    public const string ApiKey = "e2e-api-key";
    public const string Token = "e2e-enrollment-token";

    private readonly List<VqProcess> _volunteers = [];
    private VqProcess? _coordinator;
    private GrpcChannel? _channel;

    private readonly double _heartbeatSeconds;
    private readonly string? _database;
    private readonly List<(VqProcess Process, string Address)> _shared = [];

    private ProcessGrid(string root, double heartbeatSeconds, string? database = null)
    {
        Root = root;
        _heartbeatSeconds = heartbeatSeconds;
        _database = database;
    }

    public string Root { get; }

    /// <summary>
    /// Chosen by the first coordinator (port 0: no race with other tests for a port that was free
    /// a moment ago) and read from what it prints; a restart listens on the same ones.
    /// </summary>
    public int GrpcPort { get; private set; }

    public int HttpPort { get; private set; }

    public string Address => $"http://127.0.0.1:{GrpcPort}";

    public Metadata Headers { get; } = new() { { "vq-api-key", ApiKey } };

    public ProjectService.ProjectServiceClient Projects => new(_channel ?? throw new InvalidOperationException("coordinator not started"));

    public StatusService.StatusServiceClient Status => new(_channel ?? throw new InvalidOperationException("coordinator not started"));

    public IReadOnlyList<VqProcess> Volunteers => _volunteers;

    /// <param name="heartbeatSeconds">Lease heartbeat interval; a lease is lost after three missed ones.</param>
    public static async Task<ProcessGrid> StartAsync(double heartbeatSeconds = 0.5)
    {
        var grid = new ProcessGrid(Directory.CreateTempSubdirectory("vq-e2e-").FullName, heartbeatSeconds);
        await grid.StartCoordinatorAsync();
        return grid;
    }

    /// <summary>
    /// <paramref name="coordinators"/> coordinator processes on one PostgreSQL database (each its
    /// own data directory, one blob directory between them), each on ports of its own.
    /// </summary>
    public static async Task<ProcessGrid> StartSharedAsync(string database, int coordinators, double heartbeatSeconds = 0.5)
    {
        var grid = new ProcessGrid(Directory.CreateTempSubdirectory("vq-e2e-").FullName, heartbeatSeconds, database);
        for (var i = 0; i < coordinators; i++)
        {
            grid.GrpcPort = grid.HttpPort = 0;
            await grid.StartCoordinatorAsync(i);
            grid._shared.Add((grid._coordinator!, grid.Address));
        }
        grid.UseCoordinator(0);
        return grid;
    }

    /// <summary>The gRPC addresses of the shared database's coordinators, in start order.</summary>
    public IReadOnlyList<string> CoordinatorAddresses => [.. _shared.Select(c => c.Address)];

    /// <summary>Kills one of the shared database's coordinators (SIGKILL); the test's calls go to the next one.</summary>
    public void KillCoordinator(int index)
    {
        _shared[index].Process.Kill();
        UseCoordinator((index + 1) % _shared.Count);
    }

    /// <summary>Sends this test's calls to coordinator <paramref name="index"/>.</summary>
    public void UseCoordinator(int index)
    {
        _coordinator = _shared[index].Process;
        var port = new Uri(_shared[index].Address).Port;
        GrpcPort = port;
        _channel?.Dispose();
        _channel = GrpcChannel.ForAddress(Address);
    }

    /// <summary>A volunteer that asks coordinator <paramref name="primary"/> first and fails over to the others.</summary>
    public VqProcess StartVolunteerOn(int primary, string owner)
    {
        var addresses = _shared.Skip(primary).Concat(_shared.Take(primary)).Select(c => c.Address);
        return StartVolunteerWith(string.Join(",", addresses), owner, null, []);
    }

    public async Task StartCoordinatorAsync(int index = 0)
    {
        var shared = _database is null ? Array.Empty<string>() : ["--database", _database, "--blob-dir", Path.Combine(Root, "blobs")];
        _coordinator = VqProcess.Start(
            [
            "coordinator",
            .. shared,
            "--data-dir", Path.Combine(Root, index == 0 ? "coordinator" : $"coordinator{index}"),
            "--grpc-port", GrpcPort.ToString(CultureInfo.InvariantCulture),
            "--http-port", HttpPort.ToString(CultureInfo.InvariantCulture),
            "--api-key", "admin=" + ApiKey,
            "--enrollment-token", Token,
            "--heartbeat-seconds", _heartbeatSeconds.ToString(CultureInfo.InvariantCulture),
            ]);
        _coordinatorLogs.Add(_coordinator);
        await _coordinator.WaitForOutputAsync("coordinator   gRPC", TimeSpan.FromSeconds(60));
        if (GrpcPort == 0)
        {
            // "coordinator   gRPC http://127.0.0.1:PORT, status http://127.0.0.1:PORT/status, …"
            var line = _coordinator.StandardOutput.Split('\n').First(l => l.StartsWith("coordinator   gRPC", StringComparison.Ordinal));
            var ports = System.Text.RegularExpressions.Regex.Matches(line, @"127\.0\.0\.1:(\d+)").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
            GrpcPort = ports[0];
            HttpPort = ports[1];
        }
        _channel?.Dispose();
        _channel = GrpcChannel.ForAddress(Address);
    }

    /// <summary>The coordinator process (the last one started).</summary>
    public VqProcess Coordinator => _coordinator ?? throw new InvalidOperationException("coordinator not started");

    /// <summary>Kills the coordinator process outright (SIGKILL), as a crash or power cut would.</summary>
    public void KillCoordinator() => _coordinator?.Kill();

    /// <summary>The data directory of the volunteer of <paramref name="owner"/> (the same for every start).</summary>
    public string VolunteerDirectory(string owner) => Path.Combine(Root, "volunteers", owner);

    public VqProcess StartVolunteer(string owner, string? misbehave = null, params string[] extra) => StartVolunteerWith(Address, owner, misbehave, extra);

    private VqProcess StartVolunteerWith(string coordinators, string owner, string? misbehave, string[] extra)
    {
        var args = new List<string>
        {
            "volunteer",
            "--coordinator", coordinators,
            "--enroll", TokenFor(owner),
            "--data-dir", VolunteerDirectory(owner),
            "--owner", owner,
            "--threads", "1",
            "--max-memory", "2GiB",
            // The test processes share the CPUs: the computing policy would pause for each other's load.
            "--mode", "always",
        };
        args.AddRange(extra);
        if (misbehave is not null)
        {
            args.AddRange(["--misbehave", misbehave]);
        }
        var volunteer = VqProcess.Start([.. args]);
        _volunteers.Add(volunteer);
        return volunteer;
    }

    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);

    /// <summary>An enrollment token of the volunteer account named <paramref name="owner"/>, made through the admin service on first use.</summary>
    public string TokenFor(string owner)
    {
        if (!_tokens.TryGetValue(owner, out var token))
        {
            var admin = new AdminService.AdminServiceClient(_channel ?? throw new InvalidOperationException("coordinator not started"));
            _tokens[owner] = token = admin.AddAccount(new AddAccountRequest { Name = owner, Kind = AccountKind.Volunteer }, Headers).Secret;
        }
        return token;
    }

    public async Task<ProjectInfo> SubmitAsync(SubmitProjectRequest request) => await Projects.SubmitAsync(request, Headers);

    /// <summary>Polls the project until it ends (watching would break when the coordinator is killed).</summary>
    public async Task<ProjectInfo> WaitForEndAsync(string projectId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        ProjectInfo? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await Projects.GetProjectAsync(new ProjectRequest { ProjectId = projectId }, Headers);
                if (last.State != ProjectState.Running)
                {
                    return last;
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
            {
                // The coordinator is restarting.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"project {projectId} still running after {timeout}: {last}\nvolunteer logs:\n{string.Join("\n---\n", _volunteers.Select(v => v.StandardOutput + v.StandardError))}");
    }

    public async Task<byte[]> DownloadAsync(string projectId, ResultFormat format)
    {
        using var call = Projects.DownloadResult(new DownloadResultRequest { ProjectId = projectId, Format = format }, Headers);
        using var buffer = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            buffer.Write(chunk.Data.Span);
        }
        return buffer.ToArray();
    }

    /// <summary>What coordinator <paramref name="index"/> of a shared database printed.</summary>
    public string CoordinatorLogOf(int index) => _shared[index].Process.StandardOutput + "\n" + _shared[index].Process.StandardError;

    /// <summary>Everything the coordinator processes (all of its runs) printed.</summary>
    public string CoordinatorLog => string.Join("\n", _coordinatorLogs.Select(c => c.StandardOutput + "\n" + c.StandardError));

    private readonly List<VqProcess> _coordinatorLogs = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var v in _volunteers)
        {
            v.Dispose();
        }
        if (_shared.Count == 0)
        {
            _coordinator?.Dispose();
        }
        foreach (var (coordinator, _) in _shared)
        {
            coordinator.Dispose();
        }
        // A test fails if the coordinator logged an unexpected error ("fail:" from the console logger).
        var log = CoordinatorLog;
        Assert.False(log.Contains("fail:", StringComparison.Ordinal), $"the coordinator logged an error:\n{log[Math.Max(0, log.IndexOf("fail:", StringComparison.Ordinal) - 200)..]}");
        _channel?.Dispose();
        await Task.Yield();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
