namespace VolunteerQuantum.Volunteer.Policy;

/// <summary>
/// The computing policy as pure logic: one <see cref="SystemSample"/> in, one <see cref="PolicyDecision"/>
/// out. It keeps only the hysteresis state of the two slow readings (other processes' load, CPU
/// temperature), so feeding it the same sequence of samples always gives the same decisions.
/// </summary>
public sealed class PolicyEvaluator
{
    private readonly ComputingPolicyOptions _options;
    private readonly int _maxThreads;
    private readonly long _maxMemoryBytes;
    private readonly TimeWindow[] _windows;
    private readonly Hysteresis _load;
    private readonly Hysteresis _heat;

    /// <param name="maxThreads">The configured thread cap (0: all cores on a server, all but one on a desktop).</param>
    /// <param name="maxMemoryBytes">The configured memory cap (0: a share of RAM that depends on whether the user is idle).</param>
    public PolicyEvaluator(ComputingPolicyOptions options, int maxThreads = 0, long maxMemoryBytes = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _maxThreads = maxThreads;
        _maxMemoryBytes = maxMemoryBytes;
        _windows = [.. options.ComputeWindows.Select(TimeWindow.Parse)];
        var loadLimit = options.SuspendAboveOtherCpuPercent;
        _load = new Hysteresis(loadLimit, loadLimit - options.OtherCpuMarginPercent, options.SamplesToSuspend, options.SamplesToResume);
        var heatLimit = options.MaxCpuTemperatureCelsius;
        _heat = new Hysteresis(heatLimit, heatLimit - options.TemperatureMarginCelsius, options.SamplesToSuspend, options.SamplesToResume);
    }

    public PolicyDecision Evaluate(SystemSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var notes = new List<(string Topic, string Consequence)>();
        var desktop = _options.Machine switch
        {
            MachineKind.Desktop => true,
            MachineKind.Server => false,
            _ => sample.GraphicalSession ?? false,
        };
        bool? idle = sample.UserIdleFor is { } idleFor ? idleFor >= IdleAfter : null;
        var reasons = _options.Mode switch
        {
            ComputingMode.Never => ["suspended by the volunteer's settings (Mode=Never)"],
            ComputingMode.Always => [],
            _ => Reasons(sample, desktop, notes),
        };
        return new PolicyDecision
        {
            PausedReason = string.Join("; ", reasons),
            Threads = Threads(sample.LogicalCpus, desktop),
            MemoryBytes = Memory(sample.TotalMemoryBytes, idle),
            Desktop = desktop,
            UserIdle = idle,
            // Readings the policy did without, each with why (when the source said) and what it does instead.
            Notes = [.. notes.Select(n => Explain(n, sample.Missing)), .. sample.Missing.Where(m => !notes.Any(n => m.StartsWith(n.Topic, StringComparison.Ordinal)))],
        };
    }

    private TimeSpan IdleAfter => TimeSpan.FromMinutes(Math.Max(0, _options.IdleAfterMinutes));

    private static string Explain((string Topic, string Consequence) note, IReadOnlyList<string> missing) =>
        $"{missing.FirstOrDefault(m => m.StartsWith(note.Topic, StringComparison.Ordinal)) ?? $"{note.Topic}: no information yet"}: {note.Consequence}";

    private List<string> Reasons(SystemSample sample, bool desktop, List<(string Topic, string Consequence)> notes)
    {
        var reasons = new List<string>();
        if (_options.RunOnlyWhenIdle ?? desktop)
        {
            if (sample.UserIdleFor is not { } idleFor)
            {
                notes.Add(("idle time", "computing without waiting for the user to be idle"));
            }
            else if (idleFor < IdleAfter)
            {
                reasons.Add($"user active (idle {Minutes(idleFor)} of the {Minutes(IdleAfter)} needed)");
            }
        }
        if (_options.PauseOnBattery)
        {
            if (sample.OnBattery is null)
            {
                notes.Add(("battery", "not pausing on battery"));
            }
            else if (sample.OnBattery.Value)
            {
                reasons.Add("on battery");
            }
        }
        if (_windows.Length > 0 && !_windows.Any(w => w.Contains(sample.LocalTime)))
        {
            reasons.Add($"outside computing hours ({string.Join(", ", _windows.Select(w => w.Text))})");
        }
        if (_options.SuspendAboveOtherCpuPercent > 0)
        {
            var percent = sample.OtherCpuFraction * 100;
            if (_load.Update(percent))
            {
                reasons.Add($"other processes use {percent:0}% of the CPU (limit {_options.SuspendAboveOtherCpuPercent:0}%)");
            }
            else if (percent is null)
            {
                notes.Add(("CPU load", "not pausing for other processes"));
            }
        }
        if (_options.MaxCpuTemperatureCelsius > 0)
        {
            if (_heat.Update(sample.CpuTemperatureCelsius))
            {
                reasons.Add($"CPU at {sample.CpuTemperatureCelsius:0} °C (limit {_options.MaxCpuTemperatureCelsius:0} °C)");
            }
            else if (sample.CpuTemperatureCelsius is null)
            {
                notes.Add(("CPU temperature", "not pausing for heat"));
            }
        }
        return reasons;
    }

    private int Threads(int cpus, bool desktop)
    {
        cpus = Math.Max(1, cpus);
        if (_maxThreads > 0)
        {
            return Math.Min(_maxThreads, cpus);
        }
        // On a desktop one core stays free for the person using it.
        return desktop ? Math.Max(1, cpus - 1) : cpus;
    }

    private long Memory(long total, bool? idle)
    {
        if (_maxMemoryBytes > 0)
        {
            return _maxMemoryBytes;
        }
        // Unknown idleness counts as busy: the smaller share is the safe one.
        var percent = idle == true ? _options.MemoryPercentWhenIdle : _options.MemoryPercentWhenBusy;
        return (long)(Math.Max(0, total) * Math.Clamp(percent, 0, 100) / 100);
    }

    private static string Minutes(TimeSpan t) => $"{(int)t.TotalMinutes}:{t.Seconds:00}";
}
