using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Cli.Output;

/// <summary>
/// Shows a watched project's progress as the coordinator streams it. On a terminal: one line
/// redrawn on every update and at least once a second (<see cref="Tick"/>), with the stall's
/// sentence printed above it when one begins. Anywhere else (a pipe, a log file, a CI job): plain
/// lines without control codes — at once when a milestone passes (a unit verified, a stage, the
/// replicas running, a stall beginning or ending), a changed figure at most every
/// <see cref="PlainInterval"/>, and the same line again after <see cref="PlainQuiet"/> of silence,
/// so a log shows that a stalled project is still stalled.
/// </summary>
internal sealed class WatchDisplay(TextWriter output, bool terminal, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan PlainQuiet = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private ProjectInfo? _latest;
    private StallReason? _shownStall;
    private int _drawnLength;
    private DateTimeOffset _printedAt;
    private string? _printedText;
    private string? _printedMilestone;

    /// <summary>A redrawn line where <paramref name="output"/> is the console's stderr on a terminal, plain lines otherwise.</summary>
    public static WatchDisplay For(TextWriter output) =>
        new(output, ReferenceEquals(output, Console.Error) && !Console.IsErrorRedirected, TimeProvider.System);

    public void Show(ProjectInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        lock (_gate)
        {
            _latest = info;
            Draw();
        }
    }

    /// <summary>Called about once a second between updates: the terminal's line is redrawn, a quiet log gets its reminder.</summary>
    public void Tick()
    {
        lock (_gate)
        {
            if (_latest is not null)
            {
                Draw();
            }
        }
    }

    /// <summary>Erases the terminal's line (the caller prints the outcome).</summary>
    public void Done()
    {
        lock (_gate)
        {
            Erase();
        }
    }

    public void Dispose() => Done();

    private void Draw()
    {
        var info = _latest!;
        var stall = info.State == ProjectState.Running ? info.Stall?.Reason : null;
        var stallChanged = stall != _shownStall;
        if (stallChanged)
        {
            Erase();
            if (ProgressText.StallLine(info) is { } sentence && stall is not null)
            {
                output.WriteLine(sentence);
            }
            else if (_shownStall is not null)
            {
                output.WriteLine("resumed       volunteers are computing the project again");
            }
            _shownStall = stall;
        }
        if (terminal)
        {
            Redraw(TerminalText.Clean(ProgressText.Line(info)));
            return;
        }
        var now = clock.GetUtcNow();
        var text = ProgressText.Plain(info);
        var milestone = $"{info.State} {info.UnitsVerified} {info.Plan?.CurrentStage} {info.ReplicasRunning} {info.ReplicasPaused}";
        var since = now - _printedAt;
        var due = _printedText is null || stallChanged || milestone != _printedMilestone
            || (text != _printedText && since >= PlainInterval)
            || since >= PlainQuiet;
        if (!due)
        {
            return;
        }
        if (!stallChanged && since >= PlainQuiet && ProgressText.StallLine(info) is { } still && stall is not null)
        {
            output.WriteLine(still);
        }
        output.WriteLine(text);
        _printedAt = now;
        _printedText = text;
        _printedMilestone = milestone;
    }

    private void Redraw(string text)
    {
        var width = Width();
        if (width > 0 && text.Length >= width)
        {
            // A wrapped line cannot be redrawn with a carriage return.
            text = text[..(width - 1)];
        }
        output.Write("\r" + text + new string(' ', Math.Max(0, _drawnLength - text.Length)));
        output.Flush();
        _drawnLength = text.Length;
    }

    private void Erase()
    {
        if (terminal && _drawnLength > 0)
        {
            output.Write("\r" + new string(' ', _drawnLength) + "\r");
            output.Flush();
            _drawnLength = 0;
        }
    }

    private static int Width()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
