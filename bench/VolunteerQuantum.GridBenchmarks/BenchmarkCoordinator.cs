using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Coordinator;
using VolunteerQuantum.Coordinator.Extensions;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.TestSupport;

namespace VolunteerQuantum.GridBenchmarks;

/// <summary>Where the benchmark grid keeps its records.</summary>
internal enum BenchmarkStore
{
    Lite,
    Postgres,
}

/// <summary>
/// The grid a benchmark runs on: <c>--store lite|postgres</c> (default lite) and
/// <c>--coordinators N</c> (1, or 2 on postgres: two coordinators sharing one database and one
/// blob directory, as a site runs them behind a load balancer).
/// </summary>
internal sealed record GridSetup(BenchmarkStore Store, int Coordinators, LogLevel? Log = null)
{
    public static GridSetup Default { get; } = new(BenchmarkStore.Lite, 1);

    /// <summary>Null, with <paramref name="error"/> set, when the options are not a grid this benchmark can start.</summary>
    public static GridSetup? Parse(string[] args, out string? error)
    {
        error = null;
        var i = Array.IndexOf(args, "--store");
        var name = i >= 0 && i + 1 < args.Length ? args[i + 1] : "lite";
        BenchmarkStore store;
        switch (name)
        {
            case "lite":
                store = BenchmarkStore.Lite;
                break;
            case "postgres":
                store = BenchmarkStore.Postgres;
                break;
            default:
                error = $"--store must be lite or postgres, got '{name}'";
                return null;
        }
        var coordinators = ThroughputBenchmark.Option(args, "--coordinators", 1);
        if (coordinators is < 1 or > 2)
        {
            error = $"--coordinators must be 1 or 2, got {coordinators}";
            return null;
        }
        if (coordinators > 1 && store != BenchmarkStore.Postgres)
        {
            error = "--coordinators 2 needs --store postgres: coordinators share only a PostgreSQL database";
            return null;
        }
        LogLevel? log = null;
        var l = Array.IndexOf(args, "--log");
        if (l >= 0)
        {
            if (l + 1 >= args.Length || !Enum.TryParse<LogLevel>(args[l + 1], ignoreCase: true, out var level))
            {
                error = "--log needs a level: Trace, Debug, Information, Warning, Error or Critical";
                return null;
            }
            log = level;
        }
        if (store == BenchmarkStore.Postgres && PostgresCluster.Unavailable is { } why)
        {
            error = why;
            return null;
        }
        return new GridSetup(store, coordinators, log);
    }

    public override string ToString() => Store == BenchmarkStore.Lite ? "LiteDB, 1 coordinator" : $"PostgreSQL, {Coordinators} coordinator(s)";

    /// <summary>The coordinators log nothing, or with <c>--log LEVEL</c> to stderr what is at least that level (Kestrel's reasons for closing connections are at Debug).</summary>
    public void Configure(ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        if (Log is { } level)
        {
            logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(level);
            // Over the configuration's own rules (appsettings.json quiets Microsoft.AspNetCore).
            foreach (var category in new[] { "", "Microsoft", "Microsoft.AspNetCore", "VolunteerQuantum" })
            {
                logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(category, level);
            }
        }
    }
}

/// <summary>
/// Real coordinators on loopback with throw-away data directories, and helpers to act as
/// volunteers. On PostgreSQL, a throw-away cluster of the benchmark's own (stopped at the end), one
/// fresh database, and every coordinator on it with one shared blob directory.
/// </summary>
internal sealed class BenchmarkCoordinator : IAsyncDisposable
{
    public const string ApiKey = "bench-key";
    public const string Token = "bench-token";

    private readonly PostgresCluster? _cluster;

    private BenchmarkCoordinator(IReadOnlyList<EmbeddedCoordinator> servers, string directory, PostgresCluster? cluster)
    {
        Servers = servers;
        Directory = directory;
        _cluster = cluster;
        Channels = [.. servers.Select(s => GrpcChannel.ForAddress(s.GrpcAddress, new GrpcChannelOptions { MaxReceiveMessageSize = 64 << 20 }))];
    }

    /// <summary>The first coordinator (the only one on LiteDB): projects are submitted and followed there.</summary>
    public EmbeddedCoordinator Server => Servers[0];

    public IReadOnlyList<EmbeddedCoordinator> Servers { get; }

    public string Directory { get; }

    public GrpcChannel Channel => Channels[0];

    public IReadOnlyList<GrpcChannel> Channels { get; }

    public Metadata ApiHeaders { get; } = new() { { "vq-api-key", ApiKey } };

    /// <summary>The coordinator volunteer <paramref name="volunteer"/> talks to: the volunteers are dealt out evenly.</summary>
    public int CoordinatorOf(int volunteer) => volunteer % Servers.Count;

    public static Task<BenchmarkCoordinator> StartAsync() => StartAsync(GridSetup.Default);

    public static async Task<BenchmarkCoordinator> StartAsync(GridSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var directory = System.IO.Directory.CreateTempSubdirectory("vq-gridbench-").FullName;
        PostgresCluster? cluster = null;
        var servers = new List<EmbeddedCoordinator>();
        try
        {
            var database = "";
            var blobs = "";
            if (setup.Store == BenchmarkStore.Postgres)
            {
                cluster = PostgresCluster.Start();
                database = cluster.NewDatabase();
                blobs = Path.Combine(directory, "blobs");
            }
            for (var i = 0; i < setup.Coordinators; i++)
            {
                // One after another: the first creates the schema, the others find it.
                servers.Add(await EmbeddedCoordinator.StartAsync(new CoordinatorOptions
                {
                    DataDirectory = setup.Coordinators == 1 ? directory : System.IO.Directory.CreateDirectory(Path.Combine(directory, $"coordinator{i}")).FullName,
                    Database = database,
                    BlobDirectory = blobs,
                    GrpcPort = 0,
                    HttpPort = -1,
                    ApiKeys = [ApiKey],
                    EnrollmentTokens = [Token],
                    NoWorkRetrySeconds = 0.05,
                    MaxMessageBytes = 64 << 20,
                }, setup.Configure));
            }
            return new BenchmarkCoordinator(servers, directory, cluster);
        }
        catch
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
            cluster?.Dispose();
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Registers a host of a volunteer account of its own, named <paramref name="owner"/> (created
    /// here), with coordinator <paramref name="coordinator"/>.
    /// </summary>
    public async Task<(string HostId, Metadata Headers)> RegisterAsync(string owner, int coordinator = 0)
    {
        var client = new VolunteerService.VolunteerServiceClient(Channels[coordinator]);
        var reply = await client.RegisterAsync(new RegisterRequest
        {
            EnrollmentToken = Servers[coordinator].NewVolunteerAccount(owner),
            Owner = owner,
            HostName = owner,
            Capabilities = Capabilities(),
        });
        return (reply.HostId, new Metadata { { "vq-host-id", reply.HostId }, { "vq-host-secret", reply.HostSecret } });
    }

    /// <summary>
    /// A sweep of <paramref name="points"/> values of θ over ry(θ) with one observable: one unit a
    /// point, quorum 1, so every returned result completes a unit (the grid's own cost, not the engine's).
    /// </summary>
    public static SubmitProjectRequest SweepProject(int points, double step)
    {
        var request = new SubmitProjectRequest
        {
            Qasm = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput float theta;\nqubit[1] q;\nry(theta) q[0];\n",
            FileName = "bench.qasm",
            MinQuorum = 1,
            MaxReplicas = 1,
        };
        request.Observables.Add("Z0");
        request.Sweeps.Add(new ParameterSweep { Name = "theta", Values = { Enumerable.Range(0, points).Select(i => i * step) } });
        return request;
    }

    /// <summary>
    /// Transactions committed in the shared database so far (PostgreSQL's own count, which lags by
    /// up to a second); null on LiteDB.
    /// </summary>
    public async Task<long?> CommittedTransactionsAsync()
    {
        if (Server.Options.Database.Length == 0)
        {
            return null;
        }
        await using var connection = new Npgsql.NpgsqlConnection(Server.Options.Database);
        await connection.OpenAsync();
        // Statistics of this session's own transaction are flushed when it ends: none is pending.
        await using var command = new Npgsql.NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The process's garbage collections so far and the time they paused it (server and volunteers alike).</summary>
    public static string Collections() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"GC ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}): {GC.CollectionCount(0)} gen0, {GC.CollectionCount(1)} gen1, {GC.CollectionCount(2)} gen2 collections, {GC.GetTotalPauseDuration().TotalSeconds:0.00} s paused in all");

    public static HostCapabilities Capabilities() => new()
    {
        LogicalCores = 1,
        MemoryBytes = 8L << 30,
        SimdWidthBits = 512,
        AmplitudeUpdatesPerSecond = 1e9,
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in Channels)
        {
            channel.Dispose();
        }
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }
        _cluster?.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
