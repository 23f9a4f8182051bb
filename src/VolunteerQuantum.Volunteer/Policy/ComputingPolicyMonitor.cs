using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Volunteer.Reporting;

namespace VolunteerQuantum.Volunteer.Policy;

/// <summary>
/// The live policy: samples the readings every <see cref="ComputingPolicyOptions.SampleSeconds"/>,
/// runs them through the <see cref="PolicyEvaluator"/>, and publishes the decision to the worker
/// and to the status file. It logs each switch between computing and pausing, with the reason.
/// </summary>
public sealed partial class ComputingPolicyMonitor : BackgroundService, IComputingPolicy
{
    private readonly ComputingPolicyOptions _options;
    private readonly ISystemReadings _readings;
    private readonly VolunteerStatusReporter _status;
    private readonly ILogger<ComputingPolicyMonitor> _logger;
    private readonly PolicyEvaluator _evaluator;
    // Sampling runs tools (loginctl) and feeds the evaluator's hysteresis: one sample at a time.
    // Readers never wait for it, except for the very first decision.
    private readonly Lock _sampling = new();
    private PolicyDecision? _current;

    public ComputingPolicyMonitor(IOptions<VolunteerOptions> options, ISystemReadings readings, VolunteerStatusReporter status, ILogger<ComputingPolicyMonitor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Policy;
        _readings = readings;
        _status = status;
        _logger = logger;
        // Bad settings (a malformed computing window) fail the daemon at start, not at the first sample.
        _evaluator = new PolicyEvaluator(_options, options.Value.MaxThreads, options.Value.MaxMemoryBytes);
    }

    public PolicyDecision Current
    {
        get
        {
            if (Volatile.Read(ref _current) is { } current)
            {
                return current;
            }
            lock (_sampling)
            {
                return _current ?? Sample();
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.02, _options.SampleSeconds)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                lock (_sampling)
                {
                    Sample();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Takes a sample and publishes the decision (called under the sampling lock).</summary>
    private PolicyDecision Sample()
    {
        var previous = _current;
        var decision = _evaluator.Evaluate(_readings.Read());
        Volatile.Write(ref _current, decision);
        if (previous is null)
        {
            LogFirst(decision.Desktop ? "desktop" : "server", decision.Threads, decision.MemoryBytes >> 20, decision.MayCompute ? "computing allowed" : "paused: " + decision.PausedReason);
            foreach (var note in decision.Notes)
            {
                LogNote(note);
            }
        }
        else if (previous.PausedReason != decision.PausedReason)
        {
            if (decision.MayCompute)
            {
                LogResuming();
            }
            else
            {
                LogPausing(decision.PausedReason);
            }
        }
        _status.Policy(decision);
        return decision;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Computing policy: {Kind}, {Threads} threads, {MemoryMiB} MiB; {State}")]
    private partial void LogFirst(string kind, int threads, long memoryMiB, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Computing policy: {Note}")]
    private partial void LogNote(string note);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pausing: {Reason}")]
    private partial void LogPausing(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Computing allowed again")]
    private partial void LogResuming();
}
