using Microsoft.Extensions.Time.Testing;
using VolunteerQuantum.Cli.Output;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Cli.Tests;

/// <summary>What vq watch, vq submit --watch and vq run print of a project's live progress where stderr is no terminal.</summary>
public sealed class WatchDisplayTests
{
    private static ProjectInfo Running(double fraction, int verified = 0, int running = 1, double rate = 0, double? eta = null, ProjectStall? stall = null)
    {
        var info = new ProjectInfo
        {
            State = ProjectState.Running,
            UnitsTotal = 4,
            UnitsVerified = verified,
            ReplicasRunning = running,
            WorkFraction = fraction,
            UnitsPerSecond = rate,
            Plan = new PlanInfo(),
            Verification = new VerificationSummary(),
            Stall = stall,
        };
        if (eta is { } e)
        {
            info.EtaSeconds = e;
        }
        return info;
    }

    private static List<string> Lines(StringWriter text) =>
        [.. text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'))];

    [Fact]
    public void Plain_ProgressLines_NoControlCodes_MilestonesAtOnce_FiguresEveryFewSeconds()
    {
        var clock = new FakeTimeProvider();
        using var text = new StringWriter();
        using (var display = new WatchDisplay(text, terminal: false, clock))
        {
            display.Show(Running(0.125, rate: 0.01, eta: 350));
            // A changed figure a moment later waits; the same after five seconds is printed.
            clock.Advance(TimeSpan.FromSeconds(1));
            display.Show(Running(0.15, rate: 0.01, eta: 340));
            clock.Advance(WatchDisplay.PlainInterval);
            display.Show(Running(0.2, rate: 0.01, eta: 320));
            // A unit verified: at once.
            clock.Advance(TimeSpan.FromSeconds(1));
            display.Show(Running(0.3, verified: 1, rate: 0.01, eta: 280));
            // Nothing new for a while: ticks print nothing until the quiet interval is over.
            display.Tick();
            display.Done();
        }
        Assert.Equal(
        [
            "progress      12.5% of the work, 0/4 units verified, 1 replica(s) running, 36 units/h, ETA 5 min 50 s",
            "progress      20.0% of the work, 0/4 units verified, 1 replica(s) running, 36 units/h, ETA 5 min 20 s",
            "progress      30.0% of the work, 1/4 units verified, 1 replica(s) running, 36 units/h, ETA 4 min 40 s",
        ], Lines(text));
        Assert.DoesNotContain('\r', text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', text.ToString());
    }

    [Fact]
    public void Plain_Stalled_SentencePrintedAtOnce_RepeatedWhileQuiet_ThenResumed()
    {
        var clock = new FakeTimeProvider();
        using var text = new StringWriter();
        var paused = new ProjectStall
        {
            Reason = StallReason.AllPaused,
            // A coordinator's text is cleaned: no escape reaches the log.
            Message = "all 2 volunteer(s) that could compute it are paused by their computing policy: other processes use 93% of the CPU (limit 50%) (2)\u001b[2J",
        };
        using (var display = new WatchDisplay(text, terminal: false, clock))
        {
            display.Show(Running(0, running: 0));
            display.Show(Running(0, running: 0, stall: paused));
            clock.Advance(TimeSpan.FromSeconds(10));
            display.Tick();
            clock.Advance(WatchDisplay.PlainQuiet);
            display.Tick();
            display.Show(Running(0.1, running: 1));
        }
        var lines = Lines(text);
        const string Stalled = "stalled       all 2 volunteer(s) that could compute it are paused by their computing policy: other processes use 93% of the CPU (limit 50%) (2)";
        const string Waiting = "progress      0.0% of the work, 0/4 units verified, 0 replica(s) running";
        Assert.Equal(
        [
            Waiting,
            Stalled,
            Waiting,
            // Thirty quiet seconds later: still stalled, said again.
            Stalled,
            Waiting,
            "resumed       volunteers are computing the project again",
            "progress      10.0% of the work, 0/4 units verified, 1 replica(s) running",
        ], lines.Select(l => l.TrimEnd()));
        Assert.DoesNotContain('\u001b', text.ToString());
    }

    [Fact]
    public void Terminal_LineRedrawnInPlace_WithBarAndShortStallWord()
    {
        var clock = new FakeTimeProvider();
        using var text = new StringWriter();
        using (var display = new WatchDisplay(text, terminal: true, clock))
        {
            display.Show(Running(0.5, verified: 2, eta: 65));
            display.Tick();
        }
        var drawn = text.ToString();
        // Cut to the console's width, if it has one: a wrapped line cannot be redrawn in place.
        Assert.StartsWith("\r[###############...............] 50.0%  2/4 units verified", drawn, StringComparison.Ordinal);
        Assert.Equal("[###############...............] 50.0%  2/4 units verified, 1 replica(s) running, ETA 1 min 05 s", ProgressText.Line(Running(0.5, verified: 2, eta: 65)));
        Assert.Equal(4, drawn.Count(c => c == '\r'));   // drawn, redrawn by the tick, erased at the end (blanked, then back to the start)
        Assert.Contains("(stalled: volunteers paused)", ProgressText.Line(Running(0, stall: new ProjectStall { Reason = StallReason.AllPaused })), StringComparison.Ordinal);
    }
}
