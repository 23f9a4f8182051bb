using System.Numerics;

namespace VolunteerQuantum.Grid.Paths;

/// <summary>
/// What one range of paths contributes. <paramref name="PartialSums"/> has one entry per requested basis
/// index; <paramref name="AbsSum"/> = Σ_paths Σ_x |a_A·a_B|, the scale the coordinator's comparison
/// tolerances are relative to (partial sums can cancel to near zero); <paramref name="GatesApplied"/>
/// counts kernel calls.
/// </summary>
public sealed record PathsOutcome(IReadOnlyList<Complex> PartialSums, double AbsSum, ulong PathsDone, long GatesApplied, TimeSpan Elapsed);
