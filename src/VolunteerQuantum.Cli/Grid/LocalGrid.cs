using Microsoft.Extensions.Logging;
using VolunteerQuantum.Coordinator;
using VolunteerQuantum.Coordinator.Extensions;
using VolunteerQuantum.Volunteer;
using VolunteerQuantum.Volunteer.Extensions;
using VolunteerQuantum.Volunteer.Policy;

namespace VolunteerQuantum.Cli.Grid;

/// <summary>
/// A whole grid in this process, for `vq run`: an embedded coordinator (LiteDB in a data
/// directory) on free loopback ports, and K volunteer daemons that talk to it over real gRPC.
/// Each local volunteer has a volunteer account of its own, so replicas of one unit can go to different ones.
/// </summary>
internal sealed class LocalGrid : IAsyncDisposable
{
    private readonly List<EmbeddedVolunteer> _volunteers = [];
    private readonly bool _deleteDataDirectory;

    private LocalGrid(EmbeddedCoordinator coordinator, string dataDirectory, bool deleteDataDirectory)
    {
        Coordinator = coordinator;
        DataDirectory = dataDirectory;
        _deleteDataDirectory = deleteDataDirectory;
    }

    public EmbeddedCoordinator Coordinator { get; }

    public string DataDirectory { get; }

    public int Volunteers => _volunteers.Count;

    /// <summary>Temporary grids of killed earlier runs that this start removed.</summary>
    public (int Folders, long Bytes) StaleRemoved { get; private init; }

    /// <param name="dataDirectory">Where to keep the grid's data; null uses a temporary folder deleted afterwards.</param>
    public static async Task<LocalGrid> StartAsync(int volunteers, string? dataDirectory, int threadsPerVolunteer, bool verbose, CancellationToken cancellationToken)
    {
        var temporary = dataDirectory is null;
        var stale = TemporaryGrids.RemoveStale();
        var root = dataDirectory ?? TemporaryGrids.Create();
        void Logging(ILoggingBuilder l)
        {
            l.ClearProviders();
            // Errors always reach stderr: when the grid answers "it was logged", the log is there to read.
            l.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            l.AddSimpleConsole(o => o.SingleLine = true);
            // A provider rule: it outranks the hosts' own "Logging:LogLevel" defaults.
            var least = verbose ? LogLevel.Information : LogLevel.Error;
            l.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>((_, level) => level >= least);
        }
        var coordinator = await EmbeddedCoordinator.StartAsync(new CoordinatorOptions
        {
            DataDirectory = Path.Combine(root, "coordinator"),
            GrpcPort = 0,
            HttpPort = 0,
            HeartbeatIntervalSeconds = 2,
            NoWorkRetrySeconds = 0.2,
            LeaseSweepSeconds = 0.5,
            // Every volunteer here is the user's own: no colluders to guard against, so a unit's
            // replicas run side by side.
            ParallelReplicas = true,
        }, Logging, cancellationToken: cancellationToken);
        var grid = new LocalGrid(coordinator, root, temporary) { StaleRemoved = stale };
        try
        {
            var memoryEach = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2 / Math.Max(1, volunteers);
            for (var i = 1; i <= volunteers; i++)
            {
                grid._volunteers.Add(await EmbeddedVolunteer.StartAsync(new VolunteerOptions
                {
                    Coordinator = coordinator.GrpcAddress.ToString(),
                    DataDirectory = Path.Combine(root, "volunteers", i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    EnrollmentToken = coordinator.NewVolunteerAccount($"local-{i}"),
                    Owner = $"local-{i}",
                    HostName = $"local-{i}",
                    MaxThreads = threadsPerVolunteer,
                    MaxMemoryBytes = memoryEach,
                    MaxBackoffSeconds = 2,
                    // The user asked for this run: no computing policy, no lowered priority, no checkpoints of throwaway units.
                    Policy = new ComputingPolicyOptions { Mode = ComputingMode.Always, Machine = MachineKind.Server },
                    LowerPriority = false,
                    CheckpointSeconds = 0,
                }, Logging, cancellationToken: cancellationToken));
            }
        }
        catch
        {
            await grid.DisposeAsync();
            throw;
        }
        return grid;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var volunteer in _volunteers)
        {
            await volunteer.DisposeAsync();
        }
        await Coordinator.DisposeAsync();
        if (_deleteDataDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temporary folder; the OS cleans it.
            }
        }
    }
}
