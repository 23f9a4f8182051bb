using VolunteerQuantum.Volunteer.Policy;

namespace VolunteerQuantum.Volunteer;

/// <summary>Settings of the daemon, bound from the "Volunteer" section (appsettings.json, VQ_Volunteer__* variables, command line).</summary>
public sealed class VolunteerOptions
{
    public const string Section = "Volunteer";

    /// <summary>The coordinator's gRPC address, e.g. https://grid.example.org:7070 (http:// only for a plaintext grid).</summary>
    public string Coordinator { get; set; } = "http://127.0.0.1:7070";

    /// <summary>
    /// The coordinator's certificate pin, sha256:&lt;64 hex&gt;: trust exactly that certificate (even
    /// self-signed) instead of the system's certificate authorities. An enrollment token of the form
    /// token#sha256:… carries one too; both given must agree.
    /// </summary>
    public string TlsPin { get; set; } = "";

    /// <summary>Where the host identity, downloads and checkpoints live (never the working directory).</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory();

    /// <summary>The grid's enrollment token, needed once, to register; token#sha256:… also pins the coordinator's certificate.</summary>
    public string EnrollmentToken { get; set; } = "";

    /// <summary>
    /// A name to show for the host's owner. Only a label: the grid's account for the host is the
    /// one its enrollment token belongs to, and replicas of one unit never go to two hosts of it.
    /// </summary>
    public string Owner { get; set; } = Environment.UserName;

    public string HostName { get; set; } = Environment.MachineName;

    /// <summary>Threads for simulation; 0 means all logical cores on a server, all but one on a desktop.</summary>
    public int MaxThreads { get; set; }

    /// <summary>
    /// Memory for simulation in bytes; 0 means a share of the machine's memory that the computing
    /// policy sets (Policy:MemoryPercentWhenBusy, Policy:MemoryPercentWhenIdle).
    /// </summary>
    public long MaxMemoryBytes { get; set; }

    /// <summary>When to compute: idle-only, other load, battery, hours, temperature (the "Volunteer:Policy" section).</summary>
    public ComputingPolicyOptions Policy { get; set; } = new();

    /// <summary>Seconds between checkpoints of a running unit (also written on suspend and shutdown); 0 turns checkpoints off.</summary>
    public double CheckpointSeconds { get; set; } = 60;

    /// <summary>
    /// On a clean stop with a checkpoint written, keep the lease (a quick restart resumes the unit)
    /// instead of giving it back (the unit goes to someone else at once and the checkpoint is dropped).
    /// </summary>
    public bool KeepLeaseOnStop { get; set; } = true;

    /// <summary>Lower the daemon's own CPU priority at start (idle class; nice 19 on Unix).</summary>
    public bool LowerPriority { get; set; } = true;

    /// <summary>How long a stop may take: the running step finishes and the checkpoint is written (keep under the service manager's stop timeout).</summary>
    public double ShutdownTimeoutSeconds { get; set; } = 150;

    /// <summary>Longest wait between attempts while the coordinator is unreachable.</summary>
    public double MaxBackoffSeconds { get; set; } = 300;

    /// <summary>
    /// FOR TESTING THE VERIFIER ONLY: make this volunteer return wrong results on purpose
    /// ("perturb-amplitudes", "alter-counts", "wrong-norm", or "other-seed": trajectories drawn from another seed). Never set on a real volunteer.
    /// </summary>
    public string Misbehave { get; set; } = "";

    public static string DefaultDataDirectory() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "VolunteerQuantum", "volunteer");
}
