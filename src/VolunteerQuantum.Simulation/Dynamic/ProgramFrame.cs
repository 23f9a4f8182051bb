using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Simulation.Dynamic;

/// <summary>
/// Where a branch is in the program: an operation list and an index, plus the frame to return to after
/// a conditional's or loop's body. Immutable, so a branch that splits simply shares its cursor. A loop
/// body's frame also knows where <c>break</c> (<see cref="BreakResume"/>) and <c>continue</c>
/// (<see cref="ContinueResume"/>) go on.
/// </summary>
internal sealed record ProgramFrame(IReadOnlyList<Operation> Operations, int Index, ProgramFrame? Parent)
{
    public ProgramFrame? BreakResume { get; init; }

    public ProgramFrame? ContinueResume { get; init; }

    /// <summary>The frame of the next operation, or null at the end of the program.</summary>
    public static ProgramFrame? Normalize(ProgramFrame? frame)
    {
        while (frame is not null && frame.Index >= frame.Operations.Count)
        {
            frame = frame.Parent;
        }
        return frame;
    }

    public Operation Current => Operations[Index];

    public ProgramFrame Advance(int count = 1) => this with { Index = Index + count };
}
