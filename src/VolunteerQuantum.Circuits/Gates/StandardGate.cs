namespace VolunteerQuantum.Circuits.Gates;

/// <summary>
/// One instance of a standard gate: the first <see cref="ControlCount"/> qubit arguments are controls
/// (active on |1⟩) and <see cref="Matrix"/> acts on the remaining arguments, the first of them being the
/// least significant matrix index bit. With no controls the matrix covers every argument.
/// </summary>
public sealed record StandardGate(GateMatrix Matrix, int ControlCount = 0);
