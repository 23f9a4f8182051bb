namespace VolunteerQuantum.Circuits.Qasm.Syntax;

internal enum ModifierKind
{
    Control,
    NegativeControl,
    Inverse,
    Power,
}
