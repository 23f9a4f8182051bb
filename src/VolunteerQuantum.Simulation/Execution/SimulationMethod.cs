namespace VolunteerQuantum.Simulation.Execution;

/// <summary>What the engine evolves.</summary>
public enum SimulationMethod
{
    /// <summary>A state vector of 2^n amplitudes; noise by quantum trajectories.</summary>
    StateVector,

    /// <summary>The density matrix, 4^n entries: noise exactly, for small circuits.</summary>
    DensityMatrix,
}
