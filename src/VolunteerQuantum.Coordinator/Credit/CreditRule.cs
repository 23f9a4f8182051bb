namespace VolunteerQuantum.Coordinator.Credit;

/// <summary>
/// How much credit a valid result earns (BOINC's granted credit). It is the work the unit took as
/// the planner estimated it when it made the unit (<see cref="Storage.UnitRecord.Cost"/>: amplitude
/// updates, gates × 2^n for a state of n qubits, the same figure that sizes leases), never the time
/// a volunteer claims, which a cheater could inflate. Every valid replica of a unit earns the same.
/// </summary>
public static class CreditRule
{
    /// <summary>
    /// One credit is 10⁹ amplitude updates (one gate applied to a 2³⁰-amplitude state is about one
    /// credit). This is the grid's own unit, not BOINC's cobblestone (which counts floating-point
    /// operations of a benchmark): an amplitude update is a few FLOPs, depending on the gate.
    /// </summary>
    public const double AmplitudeUpdatesPerCredit = 1e9;

    /// <summary>The credit of one valid replica of a unit whose estimated work is <paramref name="cost"/> amplitude updates.</summary>
    public static double ForCost(double cost) =>
        double.IsFinite(cost) && cost > 0 ? cost / AmplitudeUpdatesPerCredit : 0;
}
