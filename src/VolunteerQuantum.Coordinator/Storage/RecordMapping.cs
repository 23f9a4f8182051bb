using System.Numerics;
using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Grid.Scheduling;
using VolunteerQuantum.Grid.Units;

namespace VolunteerQuantum.Coordinator.Storage;

/// <summary>Converts between storage records and the Grid library's domain types.</summary>
public static class RecordMapping
{
    public static UnitRecord ToRecord(string projectId, long priority, WorkUnitSpec unit, int wanted)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var whole = unit.Whole ?? new WholeUnitSpec();
        return new UnitRecord
        {
            Id = $"{projectId}.{unit.Index}",
            ProjectId = projectId,
            Index = unit.Index,
            State = UnitState.Active,
            Priority = priority,
            Kind = unit.Kind.ToString(),
            Point = unit.Point,
            Parameters = new Dictionary<string, double>(unit.Parameters),
            MemoryBytes = unit.MemoryBytes,
            Cost = unit.Cost,
            GateCount = unit.GateCount,
            Shots = whole.Shots,
            Seed = whole.Seed,
            WantsState = whole.WantsState,
            Amplitudes = [.. whole.Amplitudes],
            Observables = [.. whole.Observables],
            Wanted = wanted,
            OpenSlots = wanted,
        };
    }

    public static WorkUnitSpec ToSpec(UnitRecord unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return new WorkUnitSpec
        {
            Index = unit.Index,
            Kind = Enum.Parse<UnitKind>(unit.Kind),
            Point = unit.Point,
            Parameters = unit.Parameters,
            MemoryBytes = unit.MemoryBytes,
            Cost = unit.Cost,
            GateCount = unit.GateCount,
            Whole = new WholeUnitSpec
            {
                Shots = unit.Shots,
                Seed = unit.Seed,
                WantsState = unit.WantsState,
                Amplitudes = unit.Amplitudes,
                Observables = unit.Observables,
            },
        };
    }

    public static HostProfile ToProfile(HostRecord host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new HostProfile(host.Id, host.Owner, host.MemoryBytes, host.AmplitudeUpdatesPerSecond);
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
            SketchRe = [.. result.Sketches.Select(s => s.Real)],
            SketchIm = [.. result.Sketches.Select(s => s.Imaginary)],
            NormSquared = result.NormSquared,
            StateBlob = result.StateBlob,
            StateLength = result.StateLength,
            StateFormat = result.StateFormat,
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
            Sketches = stored.SketchRe.Zip(stored.SketchIm).Select(p => new Complex(p.First, p.Second)).ToArray(),
            NormSquared = stored.NormSquared,
            StateBlob = stored.StateBlob,
            StateLength = stored.StateLength,
            StateFormat = stored.StateFormat,
            GatesApplied = stored.GatesApplied,
            ComputeSeconds = stored.ComputeSeconds,
        };
    }
}
