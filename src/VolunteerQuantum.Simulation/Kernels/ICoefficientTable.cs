namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>
/// Reads coefficient registers either from a register table or by broadcasting scalars. A kernel takes
/// one view per output row (<see cref="Offset"/>) and indexes it with the column as a native integer,
/// so each read is a single addressing mode with no index arithmetic.
/// </summary>
internal interface ICoefficientTable<TVec, TSelf>
    where TVec : unmanaged
    where TSelf : struct, ICoefficientTable<TVec, TSelf>
{
    /// <summary>A view starting <paramref name="entries"/> entries further on.</summary>
    TSelf Offset(int entries);

    TVec Re(nint entry);

    TVec Im(nint entry);
}
