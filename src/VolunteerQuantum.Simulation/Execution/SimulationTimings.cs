namespace VolunteerQuantum.Simulation.Execution;

/// <summary>
/// Where a run's time went: allocating and zeroing the state (page faults included), fusing and
/// scheduling the gates, applying them, and reading the result out (sampling, amplitudes,
/// expectation values, branches of a dynamic circuit).
/// </summary>
public sealed record SimulationTimings(TimeSpan Allocation, TimeSpan Fusion, TimeSpan Application, TimeSpan Readout)
{
    public static readonly SimulationTimings None = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public TimeSpan Total => Allocation + Fusion + Application + Readout;
}
