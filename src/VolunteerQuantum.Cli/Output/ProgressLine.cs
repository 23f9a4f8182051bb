using System.Diagnostics;
using VolunteerQuantum.Simulation.Execution;

namespace VolunteerQuantum.Cli.Output;

/// <summary>
/// A one-line progress display on stderr for long runs: shown only on a terminal and only after
/// half a second, redrawn at most ten times a second, erased when the run ends.
/// </summary>
internal sealed class ProgressLine(TextWriter output, string label) : IProgress<SimulationProgress>, IDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _enabled = ReferenceEquals(output, Console.Error) && !Console.IsErrorRedirected;
    private readonly Lock _gate = new();
    private long _lastDrawMs = -1000;
    private bool _drawn;

    public void Report(SimulationProgress value) => Show($"{label} {value.Fraction * 100,5:0.0}%  ({value.FusedOperationsDone}/{value.FusedOperationsTotal} kernel passes)");

    public void Show(string text)
    {
        if (!_enabled || _clock.ElapsedMilliseconds < 500)
        {
            return;
        }
        lock (_gate)
        {
            var now = _clock.ElapsedMilliseconds;
            if (now - _lastDrawMs < 100)
            {
                return;
            }
            _lastDrawMs = now;
            output.Write($"\r{TerminalText.Clean(text)}   ");
            _drawn = true;
        }
    }

    public void Done()
    {
        lock (_gate)
        {
            if (_drawn)
            {
                output.Write("\r" + new string(' ', 78) + "\r");
                _drawn = false;
            }
        }
    }

    public void Dispose() => Done();
}
