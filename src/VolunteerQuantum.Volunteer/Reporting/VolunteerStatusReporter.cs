using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Volunteer.Policy;

namespace VolunteerQuantum.Volunteer.Reporting;

/// <summary>
/// Collects what the parts of the daemon know (policy, connection, replica, checkpoints), derives
/// the state from it in one place, and keeps status.json up to date: at once for a change, at most
/// once a second for progress. Writing is best effort: a full disk never stops computing.
/// </summary>
public sealed partial class VolunteerStatusReporter(IOptions<VolunteerOptions> options, ILogger<VolunteerStatusReporter> logger)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);
    private readonly VolunteerOptions _options = options.Value;
    private readonly Lock _gate = new();
    private PolicyDecision? _policy;
    private string _hostId = "";
    private ReplicaStatus? _replica;
    private string _suspendedReason = "";
    private CheckpointStatus? _checkpoint;
    private int _completed;
    private bool _stopped;
    // Only one thread writes the file at a time, and nobody waits for it: a thread that finds the
    // writer busy leaves its change for the writer, which writes again until nothing is pending.
    private readonly Lock _writing = new();
    private DateTime _written;
    private bool _pending;
    private bool _failed;

    /// <summary>The status as it would be written now.</summary>
    public VolunteerStatus Current
    {
        get
        {
            lock (_gate)
            {
                return Snapshot();
            }
        }
    }

    public void Policy(PolicyDecision decision) => Change(() => _policy = decision, important: false);

    public void Connected(string hostId) => Change(() => _hostId = hostId);

    public void ReplicaStarted(ReplicaStatus replica) => Change(() =>
    {
        _replica = replica;
        _suspendedReason = "";
    });

    public void ReplicaProgress(double progress, long resumedFromOperations) => Change(
        () => _replica = _replica is null ? null : _replica with { Progress = progress, ResumedFromOperations = resumedFromOperations },
        important: false);

    /// <summary>The replica is suspended for <paramref name="reason"/>, or computing again when it is empty.</summary>
    public void ReplicaSuspended(string reason) => Change(() => _suspendedReason = reason);

    public void Checkpointed(CheckpointStatus checkpoint) => Change(() => _checkpoint = checkpoint);

    public void ReplicaEnded(bool completed) => Change(() =>
    {
        _replica = null;
        _suspendedReason = "";
        _completed += completed ? 1 : 0;
    });

    public void Stopped() => Change(() => _stopped = true);

    private void Change(Action change, bool important = true)
    {
        lock (_gate)
        {
            var before = Snapshot();
            change();
            var after = Snapshot();
            // A change of state or reason is written at once; progress and periodic samples at most once a second.
            important |= before.State != after.State || before.PausedReason != after.PausedReason;
            if (!important && DateTime.UtcNow - _written < ProgressInterval)
            {
                return;
            }
            _pending = true;
        }
        Flush();
    }

    private void Flush()
    {
        while (_writing.TryEnter())
        {
            try
            {
                while (TakePending() is { } status)
                {
                    Write(status);
                }
            }
            finally
            {
                _writing.Exit();
            }
            // A change that came between the last look and letting go found the writer busy: write it too.
            lock (_gate)
            {
                if (!_pending)
                {
                    return;
                }
            }
        }
    }

    private VolunteerStatus? TakePending()
    {
        lock (_gate)
        {
            if (!_pending)
            {
                return null;
            }
            _pending = false;
            _written = DateTime.UtcNow;
            return Snapshot();
        }
    }

    private void Write(VolunteerStatus status)
    {
        try
        {
            VolunteerStatusFile.Write(_options.DataDirectory, status);
            _failed = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!_failed)
            {
                LogWriteFailed(e.Message);
            }
            _failed = true;
        }
    }

    private VolunteerStatus Snapshot()
    {
        var policyReason = _policy?.PausedReason ?? "";
        var reason = _replica is not null ? _suspendedReason : policyReason;
        var state = _stopped ? VolunteerState.Stopped
            : _replica is not null ? (reason.Length > 0 ? VolunteerState.Paused : VolunteerState.Computing)
            : _policy is null ? VolunteerState.Starting
            : reason.Length > 0 ? VolunteerState.Paused : VolunteerState.Idle;
        return new VolunteerStatus
        {
            State = state,
            PausedReason = state == VolunteerState.Paused ? reason : "",
            Coordinator = _options.Coordinator,
            HostId = _hostId,
            DataDirectory = _options.DataDirectory,
            Replica = _replica,
            LastCheckpoint = _checkpoint,
            Threads = _policy?.Threads ?? 0,
            MemoryBytes = _policy?.MemoryBytes ?? 0,
            Notes = _policy?.Notes ?? [],
            Completed = _completed,
            ProcessId = Environment.ProcessId,
            UpdatedUtc = _written,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot write the status file: {Detail}")]
    private partial void LogWriteFailed(string detail);
}
