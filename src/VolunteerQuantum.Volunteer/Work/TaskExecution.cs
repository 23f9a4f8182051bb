using VolunteerQuantum.Grid.Execution;
using VolunteerQuantum.Grid.Paths;
using VolunteerQuantum.Grid.Programs;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Volunteer.Connection;

namespace VolunteerQuantum.Volunteer.Work;

/// <summary>
/// Fetches what a shard or paths unit needs (its program, its input shard) and runs the executor of
/// its kind on a long-running thread. (Whole units go through the checkpointing path of
/// <see cref="ReplicaRunner"/>; these units are shorter and restart from zero after a suspension.)
/// </summary>
public sealed class TaskExecution(ProgramCache programs, Microsoft.Extensions.Options.IOptions<VolunteerOptions> options)
{
    public async Task<UnitOutcome> RunAsync(CoordinatorClient client, UnitTask task, ExecutionLimits limits, IProgress<double> progress, UnitTamper? tamper, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(task);
        switch (task.DetailCase)
        {
            case UnitTask.DetailOneofCase.Shard:
                return await RunShardAsync(client, task, limits, progress, tamper, cancellationToken);
            case UnitTask.DetailOneofCase.Paths:
            {
                var program = await programs.GetAsync(client, task.Paths.Program, bytes => PathProgram.Decode(bytes), cancellationToken);
                var paths = task.Paths;
                // Never more than the plan allows a unit, whatever this host could lend.
                var cap = Math.Min(limits.MaxMemoryBytes > 0 ? limits.MaxMemoryBytes : long.MaxValue, paths.MaxMemoryBytes > 0 ? paths.MaxMemoryBytes : long.MaxValue);
                var budget = limits with { MaxMemoryBytes = cap == long.MaxValue ? 0 : cap };
                return await Run(() => PathsUnitExecutor.Execute(program, paths.FirstPath, paths.PathCount, [.. paths.Amplitudes], task.Precision == Precision.Single, budget, progress, cancellationToken), cancellationToken);
            }
            default:
                throw new ArgumentException($"unit kind {task.DetailCase} is not a shard or paths unit", nameof(task));
        }
    }

    private async Task<UnitOutcome> RunShardAsync(CoordinatorClient client, UnitTask task, ExecutionLimits limits, IProgress<double> progress, UnitTamper? tamper, CancellationToken cancellationToken)
    {
        var shard = task.Shard;
        var gates = await programs.GetAsync(client, shard.Program, bytes => GateListCodec.Decode(bytes), cancellationToken);
        var spec = new ShardTaskSpec
        {
            LocalQubits = shard.LocalQubits,
            GlobalQubits = shard.GlobalQubits,
            ShardIndex = shard.ShardIndex,
            Gates = gates,
            SinglePrecision = task.Precision == Precision.Single,
            SketchSeeds = [.. task.SketchSeeds],
            UploadState = shard.ReturnState,
            StartsAtZeroState = shard.Input is null,
        };
        // The input shard streams to a file, then into the engine: the volunteer holds one copy of it.
        string? input = null;
        if (shard.Input is not null)
        {
            Directory.CreateDirectory(Path.Combine(options.Value.DataDirectory, "inputs"));
            input = Path.Combine(options.Value.DataDirectory, "inputs", shard.Input.Sha256);
            await client.DownloadToFileAsync(shard.Input, input, cancellationToken);
        }
        try
        {
            return await Run(() => ShardExecutor.Execute(spec, input is null ? null : () => File.OpenRead(input), limits, progress, cancellationToken, tamper), cancellationToken);
        }
        finally
        {
            if (input is not null)
            {
                File.Delete(input);
            }
        }
    }

    private static Task<UnitOutcome> Run(Func<UnitOutcome> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
