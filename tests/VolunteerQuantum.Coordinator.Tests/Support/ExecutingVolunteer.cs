using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using VolunteerQuantum.Grid.Execution;
using VolunteerQuantum.Grid.Paths;
using VolunteerQuantum.Grid.Programs;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Tests.Support;

/// <summary>
/// A volunteer driven by the test that really computes whole, shard and paths units (with the Grid
/// library's executors) over the real wire protocol, optionally tampering with its state.
/// </summary>
public sealed class ExecutingVolunteer(ScriptedVolunteer host)
{
    public ScriptedVolunteer Host { get; } = host;

    /// <summary>Leases and computes one unit; false when there was no work.</summary>
    public async Task<bool> WorkOnceAsync(UnitTamper? tamper = null) =>
        await Host.RequestAsync() is { } lease && await ComputeAsync(lease, tamper);

    /// <summary>Computes and submits a replica already leased; a tamper built from the lease can lie with what the task says.</summary>
    public async Task<bool> ComputeAsync(Assignment lease, UnitTamper? tamper = null)
    {
        var task = lease.Task;
        var single = task.Precision == Precision.Single;
        var limits = new ExecutionLimits { Threads = 1 };
        using var outcome = task.DetailCase switch
        {
            UnitTask.DetailOneofCase.Whole => await Whole(task, single, limits, tamper),
            UnitTask.DetailOneofCase.Shard => await Shard(task, single, limits, tamper),
            UnitTask.DetailOneofCase.Paths => PathsUnitExecutor.Execute(
                PathProgram.Decode(await Host.DownloadAsync(task.Paths.Program.Sha256)),
                task.Paths.FirstPath, task.Paths.PathCount, [.. task.Paths.Amplitudes], single, limits, null, CancellationToken.None),
            _ => throw new InvalidOperationException($"unexpected unit kind {task.DetailCase}"),
        };
        var r = outcome.Result;
        var header = new ResultHeader
        {
            ReplicaId = lease.ReplicaId,
            Outcome = ResultOutcome.Success,
            NormSquared = double.IsNaN(r.NormSquared) ? 0 : r.NormSquared,
            PathAbsSum = r.PathAbsSum,
            StateLength = outcome.StateLength,
            StateFormat = outcome.StateFormat ?? "",
        };
        header.Counts.AddRange(r.Counts.Select(kv => new CountEntry { Key = kv.Key, Count = kv.Value }));
        header.Expectations.AddRange(r.Expectations.Select(kv => new ExpectationEntry { Observable = kv.Key, Value = kv.Value }));
        header.Sketches.AddRange(r.Sketches.Select(s => new ComplexNumber { Re = s.Real, Im = s.Imaginary }));
        header.Amplitudes.AddRange(r.Amplitudes.Select(kv => new AmplitudeEntry { Bitstring = kv.Key, Value = new ComplexNumber { Re = kv.Value.Real, Im = kv.Value.Imaginary } }));
        var state = outcome.StateLength > 0 ? outcome.StateChunks(1 << 16).SelectMany(c => c.ToArray()).ToArray() : null;
        await Host.SubmitAsync(header, state);
        return true;
    }

    private async Task<UnitOutcome> Whole(UnitTask task, bool single, ExecutionLimits limits, UnitTamper? tamper)
    {
        var whole = task.Whole;
        return UnitExecutor.Execute(new UnitTaskSpec
        {
            Source = System.Text.Encoding.UTF8.GetString(await Host.DownloadAsync(task.Circuit.Sha256)),
            FileName = task.CircuitFileName,
            SinglePrecision = single,
            Parameters = task.Parameters.ToDictionary(kv => kv.Key, kv => kv.Value),
            SketchSeeds = [.. task.SketchSeeds],
            Whole = new VolunteerQuantum.Grid.Units.WholeUnitSpec
            {
                Shots = whole.Shots,
                Seed = whole.Seed,
                WantsState = task.SketchSeeds.Count > 0 || whole.ReturnState,
                Amplitudes = [.. whole.Amplitudes],
                Observables = [.. whole.Observables],
            },
            UploadState = whole.ReturnState,
        }, limits, null, CancellationToken.None, tamper);
    }

    private async Task<UnitOutcome> Shard(UnitTask task, bool single, ExecutionLimits limits, UnitTamper? tamper)
    {
        var shard = task.Shard;
        var gates = GateListCodec.Decode(await Host.DownloadAsync(shard.Program.Sha256));
        var input = shard.Input is null ? null : await Host.DownloadAsync(shard.Input.Sha256);
        return ShardExecutor.Execute(new ShardTaskSpec
        {
            LocalQubits = shard.LocalQubits,
            GlobalQubits = shard.GlobalQubits,
            ShardIndex = shard.ShardIndex,
            Gates = gates,
            SinglePrecision = single,
            SketchSeeds = [.. task.SketchSeeds],
            UploadState = shard.ReturnState,
            StartsAtZeroState = shard.Input is null,
        }, input is null ? null : () => new MemoryStream(input), limits, null, CancellationToken.None, tamper);
    }
}
