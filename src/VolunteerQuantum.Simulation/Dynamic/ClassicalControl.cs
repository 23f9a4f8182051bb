using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Model.Classical;

namespace VolunteerQuantum.Simulation.Dynamic;

/// <summary>
/// The classical steps of a dynamic program, shared by every executor that walks one shot or branch:
/// conditions, assignments, while loops (counted against their limit), blocks, break and continue.
/// </summary>
internal static class ClassicalControl
{
    /// <summary>Runs the classical operation at <paramref name="frame"/>; false when it is a quantum one.</summary>
    public static bool TryStep(ProgramFrame frame, ClassicalMemory memory, out ProgramFrame? next)
    {
        switch (frame.Current)
        {
            case BarrierOperation:
                next = frame.Advance();
                return true;
            case ConditionalOperation conditional:
                var body = conditional.Condition.Evaluate(memory).AsBool() ? conditional.Then : conditional.Else;
                next = new ProgramFrame(body, 0, frame.Advance());
                return true;
            case AssignOperation assign:
                Run(assign, () => assign.Apply(memory));
                next = frame.Advance();
                return true;
            case WhileOperation loop:
                next = Iterate(frame, loop, memory);
                return true;
            case BlockOperation block:
                next = block.Kind == BlockKind.Loop
                    ? new ProgramFrame(block.Body, 0, frame.Advance()) { BreakResume = frame.Advance() }
                    : new ProgramFrame(block.Body, 0, frame.Advance()) { ContinueResume = frame.Advance() };
                return true;
            case BreakOperation:
                next = Resume(frame, f => f.BreakResume, "break");
                return true;
            case ContinueOperation:
                next = Resume(frame, f => f.ContinueResume, "continue");
                return true;
            default:
                next = null;
                return false;
        }
    }

    private static ProgramFrame? Iterate(ProgramFrame frame, WhileOperation loop, ClassicalMemory memory)
    {
        var test = false;
        Run(loop, () => test = loop.Condition.Evaluate(memory).AsBool());
        if (!test)
        {
            return frame.Advance();
        }
        var count = memory.Variables[loop.CounterSlot].Raw + 1;
        if (count > (ulong)loop.Limit)
        {
            throw new ClassicalEvaluationException(
                $"the while loop{At(loop)} ran more than {loop.Limit} iterations on one shot; raise the limit (--max-loop-iterations) if it is meant to");
        }
        memory.Variables[loop.CounterSlot] = memory.Variables[loop.CounterSlot] with { Raw = count };
        // The body returns to the loop itself, which tests its condition again.
        return new ProgramFrame(loop.Body, 0, frame) { BreakResume = frame.Advance(), ContinueResume = frame };
    }

    private static ProgramFrame? Resume(ProgramFrame frame, Func<ProgramFrame, ProgramFrame?> target, string what)
    {
        for (var f = frame; f is not null; f = f.Parent)
        {
            if (target(f) is { } resume)
            {
                return resume;
            }
        }
        throw new InvalidOperationException($"'{what}' outside a loop");
    }

    private static void Run(Operation operation, Action action)
    {
        try
        {
            action();
        }
        catch (ClassicalEvaluationException e) when (operation.Location is not null && !e.Message.Contains(operation.Location.ToString(), StringComparison.Ordinal))
        {
            throw new ClassicalEvaluationException($"{operation.Location}: {e.Message}");
        }
    }

    private static string At(Operation operation) => operation.Location is null ? "" : $" at {operation.Location}";
}
