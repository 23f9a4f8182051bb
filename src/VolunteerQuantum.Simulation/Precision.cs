using System.Diagnostics.CodeAnalysis;

namespace VolunteerQuantum.Simulation;

/// <summary>Floating-point precision of the amplitudes: complex64 (two floats) or complex128 (two doubles).</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "single and double precision are the domain's own names (the CLI's --precision single|double).")]
public enum Precision
{
    /// <summary>complex128: 16 bytes per amplitude, the default.</summary>
    Double = 0,

    /// <summary>complex64: 8 bytes per amplitude, half the memory and about twice the speed.</summary>
    Single = 1,
}
