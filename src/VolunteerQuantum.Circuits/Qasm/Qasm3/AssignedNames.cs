using VolunteerQuantum.Circuits.Qasm.Syntax;
using VolunteerQuantum.Circuits.Qasm.Syntax.Qasm3;

namespace VolunteerQuantum.Circuits.Qasm.Qasm3;

/// <summary>The names a region of a program assigns (as targets of '=', compound assignment or measure).</summary>
internal static class AssignedNames
{
    public static HashSet<string> Of(IEnumerable<Statement> statements)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        Collect(statements, names);
        return names;
    }

    private static void Collect(IEnumerable<Statement> statements, HashSet<string> names)
    {
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case AssignmentStatement assignment when BaseName(assignment.Target) is { } name:
                    names.Add(name);
                    break;
                case BlockStatement block:
                    Collect(block.Body, names);
                    break;
                case ConditionalStatement conditional:
                    Collect(conditional.Then, names);
                    Collect(conditional.Else, names);
                    break;
                case ForStatement loop:
                    Collect(loop.Body, names);
                    break;
                case WhileStatement loop:
                    Collect(loop.Body, names);
                    break;
                case SwitchStatement choice:
                    foreach (var c in choice.Cases)
                    {
                        Collect(c.Body, names);
                    }
                    Collect(choice.Default ?? [], names);
                    break;
                default:
                    break;
            }
        }
    }

    public static string? BaseName(Expression target) => target switch
    {
        IdentifierExpression id => id.Name,
        IndexExpression index => BaseName(index.Target),
        _ => null,
    };
}
