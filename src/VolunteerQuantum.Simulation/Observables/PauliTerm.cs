namespace VolunteerQuantum.Simulation.Observables;

/// <summary>A real coefficient times a Pauli string.</summary>
public sealed record PauliTerm(double Coefficient, PauliString Pauli)
{
    public override string ToString() => $"{Coefficient:R}*{Pauli}";
}
