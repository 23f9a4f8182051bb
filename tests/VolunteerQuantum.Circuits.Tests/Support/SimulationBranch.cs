using System.Numerics;

namespace VolunteerQuantum.Circuits.Tests.Support;

/// <summary>One measurement history of <see cref="ReferenceSimulator"/>: its normalised state, clbits and probability.</summary>
internal sealed record SimulationBranch(Complex[] State, bool[] Clbits, double Probability);
