using System.Numerics;
using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Grid.Scheduling;
using VolunteerQuantum.Grid.Units;
using VolunteerQuantum.Simulation.Observables;

namespace VolunteerQuantum.Coordinator.Storage;

/// <summary>Converts between storage records and the Grid library's domain types.</summary>
public static class RecordMapping
{
    public static UnitRecord ToRecord(string projectId, long priority, WorkUnitSpec unit, int wanted, bool oneAtATime)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var whole = unit.Whole ?? new WholeUnitSpec();
        var shard = unit.Shard;
        var paths = unit.Paths;
        return new UnitRecord
        {
            Id = $"{projectId}.{unit.Index}",
            ProjectId = projectId,
            Index = unit.Index,
            State = UnitState.Active,
            Priority = priority,
            Kind = unit.Kind,
            Point = unit.Point,
            Parameters = new Dictionary<string, double>(unit.Parameters),
            MemoryBytes = unit.MemoryBytes,
            Cost = unit.Cost,
            GateCount = unit.GateCount,
            Shots = whole.Shots,
            Seed = whole.Seed,
            // A shard unit's result is its shard: every replica sketches it and one uploads it.
            WantsState = whole.WantsState || shard is not null,
            Amplitudes = [.. (paths?.Amplitudes ?? whole.Amplitudes)],
            Observables = [.. whole.Observables],
            Trajectories = whole.Trajectories,
            FirstTrajectory = whole.FirstTrajectory,
            TrajectoryCount = whole.TrajectoryCount,
            RunShots = whole.RunShots,
            Stage = shard?.Stage ?? 0,
            ShardIndex = shard?.ShardIndex ?? 0,
            LocalQubits = shard?.LocalQubits ?? 0,
            GlobalQubits = shard?.GlobalQubits ?? 0,
            InputNorm = shard?.InputNormSquared ?? 0,
            FirstPath = (long)(paths?.FirstPath ?? 0),
            PathCount = (long)(paths?.PathCount ?? 0),
            MinQuorum = wanted,
            OneAtATime = oneAtATime,
            Wanted = wanted,
            OpenSlots = oneAtATime ? Math.Min(1, wanted) : wanted,
        };
    }

    public static WorkUnitSpec ToSpec(UnitRecord unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return new WorkUnitSpec
        {
            Index = unit.Index,
            Kind = unit.Kind,
            Point = unit.Point,
            Parameters = unit.Parameters,
            MemoryBytes = unit.MemoryBytes,
            Cost = unit.Cost,
            GateCount = unit.GateCount,
            Whole = unit.Kind == UnitKind.Whole
                ? new WholeUnitSpec
                {
                    Shots = unit.Shots,
                    Seed = unit.Seed,
                    WantsState = unit.WantsState,
                    Amplitudes = unit.Amplitudes,
                    Observables = unit.Observables,
                    Trajectories = unit.Trajectories,
                    FirstTrajectory = unit.FirstTrajectory,
                    TrajectoryCount = unit.TrajectoryCount,
                    RunShots = unit.RunShots,
                }
                : null,
            Shard = unit.Kind == UnitKind.Shard
                ? new ShardUnitSpec
                {
                    Stage = unit.Stage,
                    ShardIndex = unit.ShardIndex,
                    LocalQubits = unit.LocalQubits,
                    GlobalQubits = unit.GlobalQubits,
                    InputNormSquared = unit.InputNorm,
                    StartsAtZeroState = unit.InputBlob is null,
                }
                : null,
            Paths = unit.Kind == UnitKind.Paths
                ? new PathsUnitSpec { FirstPath = (ulong)unit.FirstPath, PathCount = (ulong)unit.PathCount, Amplitudes = unit.Amplitudes }
                : null,
        };
    }

    public static HostProfile ToProfile(HostRecord host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new HostProfile(host.Id, host.Owner, host.MemoryBytes, host.AmplitudeUpdatesPerSecond, host.NetworkPrefix);
    }

    public static StoredResult ToStored(UnitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new StoredResult
        {
            CountKeys = [.. result.Counts.Keys],
            CountValues = [.. result.Counts.Values],
            AmplitudeKeys = [.. result.Amplitudes.Keys],
            AmplitudeRe = [.. result.Amplitudes.Values.Select(a => a.Real)],
            AmplitudeIm = [.. result.Amplitudes.Values.Select(a => a.Imaginary)],
            ExpectationKeys = [.. result.Expectations.Keys],
            ExpectationValues = [.. result.Expectations.Values],
            MomentKeys = [.. result.Moments.Keys],
            MomentCounts = [.. result.Moments.Values.Select(m => m.Count)],
            MomentSums = [.. result.Moments.Values.Select(m => m.Sum)],
            MomentSquares = [.. result.Moments.Values.Select(m => m.SumOfSquares)],
            SketchRe = [.. result.Sketches.Select(s => s.Real)],
            SketchIm = [.. result.Sketches.Select(s => s.Imaginary)],
            SketchSlot = result.SketchSlot,
            SlotWidth = result.SlotSketches.Count > 0 ? result.SlotSketches[0].Count : 0,
            SlotSketchRe = [.. result.SlotSketches.SelectMany(slot => slot.Select(s => s.Real))],
            SlotSketchIm = [.. result.SlotSketches.SelectMany(slot => slot.Select(s => s.Imaginary))],
            NormSquared = result.NormSquared,
            StateBlob = result.StateBlob,
            StateLength = result.StateLength,
            StateFormat = result.StateFormat,
            PathAbsSum = result.PathAbsSum,
            GatesApplied = result.GatesApplied,
            ComputeSeconds = result.ComputeSeconds,
        };
    }

    public static UnitResult ToResult(StoredResult stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return new UnitResult
        {
            Counts = stored.CountKeys.Zip(stored.CountValues).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal),
            Amplitudes = stored.AmplitudeKeys.Select((k, i) => (k, new Complex(stored.AmplitudeRe[i], stored.AmplitudeIm[i])))
                .ToDictionary(p => p.k, p => p.Item2, StringComparer.Ordinal),
            Expectations = stored.ExpectationKeys.Zip(stored.ExpectationValues).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal),
            Moments = stored.MomentKeys.Select((k, i) => (k, new ObservableMoments(stored.MomentCounts[i], stored.MomentSums[i], stored.MomentSquares[i])))
                .ToDictionary(p => p.k, p => p.Item2, StringComparer.Ordinal),
            Sketches = stored.SketchRe.Zip(stored.SketchIm).Select(p => new Complex(p.First, p.Second)).ToArray(),
            SketchSlot = stored.SketchSlot,
            SlotSketches = stored.SlotWidth == 0 ? [] : stored.SlotSketchRe.Zip(stored.SlotSketchIm)
                .Select(p => new Complex(p.First, p.Second))
                .Chunk(stored.SlotWidth)
                .Select(IReadOnlyList<Complex> (slot) => slot)
                .ToArray(),
            NormSquared = stored.NormSquared,
            StateBlob = stored.StateBlob,
            StateLength = stored.StateLength,
            StateFormat = stored.StateFormat,
            PathAbsSum = stored.PathAbsSum,
            GatesApplied = stored.GatesApplied,
            ComputeSeconds = stored.ComputeSeconds,
        };
    }
}
