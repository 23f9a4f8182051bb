using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using VolunteerQuantum.Grid.Execution;
using VolunteerQuantum.Grid.Paths;
using VolunteerQuantum.Grid.Programs;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Tests.Support;

/// <summary>
/// A volunteer driven by the test that really computes shard and paths units (with the Grid
/// library's executors) over the real wire protocol, optionally tampering with its shards.
/// </summary>
public sealed class ExecutingVolunteer(ScriptedVolunteer host)
{
    public ScriptedVolunteer Host { get; } = host;

    /// <summary>Leases and computes one unit; false when there was no work.</summary>
    public async Task<bool> WorkOnceAsync(UnitTamper? tamper = null)
    {
        var lease = await Host.RequestAsync();
        if (lease is null)
        {
            return false;
        }
        var task = lease.Task;
        var single = task.Precision == Precision.Single;
        var limits = new ExecutionLimits { Threads = 1 };
        using var outcome = task.DetailCase switch
        {
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
        header.Sketches.AddRange(r.Sketches.Select(s => new ComplexNumber { Re = s.Real, Im = s.Imaginary }));
        header.Amplitudes.AddRange(r.Amplitudes.Select(kv => new AmplitudeEntry { Bitstring = kv.Key, Value = new ComplexNumber { Re = kv.Value.Real, Im = kv.Value.Imaginary } }));
        var state = outcome.StateLength > 0 ? outcome.StateChunks(1 << 16).SelectMany(c => c.ToArray()).ToArray() : null;
        await Host.SubmitAsync(header, state);
        return true;
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
