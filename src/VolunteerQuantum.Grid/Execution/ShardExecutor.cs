using System.Diagnostics;
using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Grid.Sketches;
using VolunteerQuantum.Simulation;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Grid.Execution;

/// <summary>
/// Computes one <c>shard</c> unit on a volunteer: load the shard (streamed from its input blob, or
/// |0…0⟩'s first shard), apply the stage's gates with the shard's global bits fixed, and return
/// its norm² (the verifier checks it is unchanged) and sketches; the uploading replica keeps the
/// shard to stream it back.
/// </summary>
public static class ShardExecutor
{
    public static UnitOutcome Execute(ShardTaskSpec task, Func<Stream>? openInput, ExecutionLimits limits, IProgress<double>? progress, CancellationToken cancellationToken, UnitTamper? tamper = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(limits);
        var clock = Stopwatch.StartNew();
        var precision = task.SinglePrecision ? Precision.Single : Precision.Double;
        var budget = limits.MaxMemoryBytes > 0 ? new MemoryBudget(limits.MaxMemoryBytes) : null;
        var shard = StateVector.CreateShard(task.LocalQubits, task.GlobalQubits, task.ShardIndex, precision, budget);
        try
        {
            if (task.StartsAtZeroState)
            {
                shard.InitializeZeroState();
            }
            else
            {
                using var input = openInput?.Invoke() ?? throw new InvalidOperationException("the shard's input blob is missing");
                Load(shard, input);
            }
            var simulator = new Simulator(new SimulationOptions
            {
                Precision = precision,
                Threads = limits.Threads > 0 ? limits.Threads : Environment.ProcessorCount,
                MaxMemoryBytes = limits.MaxMemoryBytes > 0 ? limits.MaxMemoryBytes : null,
            });
            var engineProgress = progress is null ? null : new Progress<SimulationProgress>(p => progress.Report(p.Fraction));
            var applied = simulator.ApplyToShard(shard, task.Gates, engineProgress, 0, cancellationToken);
            tamper?.State?.Invoke(shard);
            var (sketches, norm) = StateSketcher.Sketch(StateChunks.Of(shard, 1 << 20), task.SinglePrecision, task.SketchSeeds, (ulong)shard.GlobalIndexBase);
            var result = new UnitResult
            {
                Sketches = sketches,
                NormSquared = norm,
                GatesApplied = applied,
                ComputeSeconds = clock.Elapsed.TotalSeconds,
            };
            if (task.UploadState)
            {
                return new UnitOutcome(result, shard);
            }
            shard.Dispose();
            return new UnitOutcome(result, null);
        }
        catch
        {
            shard.Dispose();
            throw;
        }
    }

    /// <summary>Streams interleaved little-endian bytes into the shard, one buffer at a time.</summary>
    private static void Load(StateVector shard, Stream input)
    {
        var perChunk = (int)Math.Min(shard.Length, 1 << 16);
        var buffer = new byte[perChunk * shard.BytesPerAmplitude];
        for (long start = 0; start < shard.Length; start += perChunk)
        {
            var count = (int)Math.Min(perChunk, shard.Length - start);
            var bytes = buffer.AsSpan(0, count * shard.BytesPerAmplitude);
            input.ReadExactly(bytes);
            shard.CopyFromInterleavedBytes(start, bytes);
        }
        if (input.ReadByte() >= 0)
        {
            throw new InvalidDataException("the shard's input blob is longer than the shard");
        }
    }
}
