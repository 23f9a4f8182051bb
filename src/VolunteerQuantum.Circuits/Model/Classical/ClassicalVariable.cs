namespace VolunteerQuantum.Circuits.Model.Classical;

/// <summary>A variable kept per shot: its name in the program (for messages) and its type.</summary>
public sealed record ClassicalVariable(string Name, ClassicalType Type);
