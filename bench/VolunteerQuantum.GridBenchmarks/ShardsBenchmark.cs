using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Cli.Grid;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Simulation.Execution;

namespace VolunteerQuantum.GridBenchmarks;

/// <summary>
/// The `shards` strategy at scale: the shared random circuit (depth 20) on an embedded grid of two
/// volunteers (one thread each, one replica per unit so the figure is the slicing's own cost),
/// with shards of 2^local amplitudes; against one whole simulation on two threads in the same run.
/// Prints the time ratio, the stages and the bytes the reshuffles moved.
/// </summary>
internal static class ShardsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var qubits = ThroughputBenchmark.Option(args, "--qubits", 24);
        var local = ThroughputBenchmark.Option(args, "--local", qubits - 4);
        var file = Path.Combine(CircuitsDirectory(), $"random_n{qubits}_d20_seed1.qasm");
        var circuit = QasmParser.ParseFile(file);

        var clock = Stopwatch.StartNew();
        using (new Simulator(new SimulationOptions { Threads = 2 }).Run(circuit, new SimulationRequest { KeepFinalState = true }))
        {
        }
        var whole = clock.Elapsed.TotalSeconds;

        await using var grid = await LocalGrid.StartAsync(2, null, threadsPerVolunteer: 1, verbose: false, CancellationToken.None);
        using var connection = new GridConnection(grid.Coordinator.GrpcAddress.ToString(), grid.Coordinator.ApiKey);
        clock.Restart();
        var project = await connection.Projects.SubmitAsync(new SubmitProjectRequest
        {
            Qasm = await File.ReadAllTextAsync(file),
            FileName = Path.GetFileName(file),
            Strategy = Strategy.Shards,
            MaxUnitMemoryBytes = 16L << local,
            MinQuorum = 1,
            Shots = 1000,
        }, connection.Headers);
        ProjectInfo done = project;
        using (var watch = connection.Projects.WatchProject(new ProjectRequest { ProjectId = project.Id }, connection.Headers))
        {
            await foreach (var info in watch.ResponseStream.ReadAllAsync())
            {
                done = info;
            }
        }
        var sharded = clock.Elapsed.TotalSeconds;
        var stateBytes = 16L << qubits;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"random n={qubits} d=20, {1 << (qubits - local)} shards of 2^{local}: {done.State.ToString().ToLowerInvariant()}, {done.Plan.Stages} stages, {done.UnitsTotal} units"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  grid (2 volunteers × 1 thread) {sharded:0.00} s, whole simulation (2 threads) {whole:0.00} s: ratio {sharded / whole:0.0}x"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  reshuffles moved {done.Plan.BytesMoved / (double)(1 << 20):0} MiB = {done.Plan.BytesMoved / (double)stateBytes:0.0} state sizes"));
        return 0;
    }

    internal static string CircuitsDirectory([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(source) ?? "", AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var candidate = Path.Combine(d.FullName, "bench", "circuits");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        throw new DirectoryNotFoundException("bench/circuits not found");
    }
}
