namespace VolunteerQuantum.Simulation.Fusion;

/// <summary>Which kernel family a fused gate runs on.</summary>
public enum FusedGateKind
{
    /// <summary>A dense 2^k × 2^k matrix on its targets (no controls).</summary>
    Dense = 0,

    /// <summary>A diagonal on its targets: <see cref="FusedGate.Matrix"/> holds the 2^k diagonal entries.</summary>
    Diagonal = 1,

    /// <summary>A dense matrix on its targets applied where every control holds its control value.</summary>
    Controlled = 2,
}
