namespace VolunteerQuantum.Circuits.Model;

/// <summary>One step of a flattened circuit. Qubit and clbit numbers are global indices.</summary>
public abstract record Operation
{
    /// <summary>Every qubit the operation touches (targets and controls).</summary>
    public abstract IReadOnlyList<int> Qubits { get; }

    /// <summary>Where the operation came from in the source (for error messages); may be null.</summary>
    public SourceLocation? Location { get; init; }
}
