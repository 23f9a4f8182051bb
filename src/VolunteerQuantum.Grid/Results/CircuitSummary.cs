namespace VolunteerQuantum.Grid.Results;

public sealed record CircuitSummary(string File, int Qubits, int Clbits, int Gates);
