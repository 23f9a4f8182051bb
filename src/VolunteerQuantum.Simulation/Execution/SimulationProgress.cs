namespace VolunteerQuantum.Simulation.Execution;

/// <summary>Progress of a run: fused operations applied out of the total (the unitary part).</summary>
public readonly record struct SimulationProgress(int FusedOperationsDone, int FusedOperationsTotal)
{
    public double Fraction => FusedOperationsTotal == 0 ? 1 : (double)FusedOperationsDone / FusedOperationsTotal;
}
