using VolunteerQuantum.Grid.Paths;
using VolunteerQuantum.Grid.Projects;

namespace VolunteerQuantum.Grid.Planning;

/// <summary>
/// `auto` (DESIGN.md): `whole` when the state fits one unit's memory; `paths` when only amplitudes
/// are asked for and the cut is cheap; otherwise `shards`. A forced strategy is checked for what
/// it can do, with a message saying why not.
/// </summary>
public static class StrategyChooser
{
    /// <summary>The most paths `auto` accepts before preferring shards.</summary>
    public const double CheapPaths = 1 << 20;

    public static SlicingStrategy Choose(PlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Spec;
        var fits = input.StateBytes <= input.MemoryLimit;
        if (spec.Strategy == SlicingStrategy.Whole || (spec.Strategy == SlicingStrategy.Auto && fits))
        {
            return SlicingStrategy.Whole;
        }
        if (spec.Sweeps.Count > 0)
        {
            throw new ProjectSpecException("parameter sweeps run with the whole strategy only: this circuit's state does not fit one unit (raise --max-unit-memory or sweep without it)");
        }
        if (input.Structure.IsDynamic)
        {
            throw new ProjectSpecException("the state does not fit one unit, and shards and paths need a circuit whose measurements are all terminal; this circuit measures, resets or branches mid-circuit");
        }
        if (spec.Strategy == SlicingStrategy.Paths)
        {
            return input.OnlyAmplitudes
                ? SlicingStrategy.Paths
                : throw new ProjectSpecException("the paths strategy computes amplitudes only: ask for --amplitudes, without shots, observables or the state");
        }
        if (spec.Strategy == SlicingStrategy.Auto && input.OnlyAmplitudes
            && CutPlanner.Plan(input.Circuit, PathsPlanner.MaxHalfQubits(input)) is { } cut && cut.PathCount <= CheapPaths)
        {
            return SlicingStrategy.Paths;
        }
        return SlicingStrategy.Shards;
    }
}
