namespace VolunteerQuantum.Coordinator;

/// <summary>Settings of a coordinator, bound from the "Coordinator" configuration section.</summary>
public sealed class CoordinatorOptions
{
    public const string Section = "Coordinator";

    /// <summary>Where the LiteDB file and the blob store live (and the keys and certificate, with a database too).</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory();

    /// <summary>
    /// A PostgreSQL connection string ("Host=…;Database=…;Username=…"): the records go there, and
    /// several coordinators may share it. Empty (the default): the embedded LiteDB file.
    /// </summary>
    public string Database { get; set; } = "";

    /// <summary>
    /// Where blobs (circuits, shards, states, results) live; empty: DATA_DIR/blobs. Coordinators
    /// sharing a database share this directory too (a network file system, as BOINC's upload and
    /// download directories).
    /// </summary>
    public string BlobDirectory { get; set; } = "";

    /// <summary>Address to listen on: 127.0.0.1 (this machine only, the default) or 0.0.0.0 (every interface).</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Port of the gRPC services (HTTP/2, over TLS when a certificate is configured); 0 picks a free port.</summary>
    public int GrpcPort { get; set; } = 7070;

    /// <summary>Port of /status, /metrics and the operator console (HTTP/1.1); 0 picks a free port, -1 disables it.</summary>
    public int HttpPort { get; set; } = 7080;

    /// <summary>PEM certificate (with any intermediates after it) served on both ports; needs <see cref="TlsKeyFile"/>.</summary>
    public string TlsCertificateFile { get; set; } = "";

    /// <summary>PEM private key of <see cref="TlsCertificateFile"/>.</summary>
    public string TlsKeyFile { get; set; } = "";

    /// <summary>Serve a self-signed certificate, generated once into the data directory; volunteers pin its fingerprint.</summary>
    public bool TlsSelfSigned { get; set; }

    /// <summary>Names (or addresses) the self-signed certificate covers besides localhost, the loopback addresses and this machine's host name.</summary>
    public List<string> TlsNames { get; set; } = [];

    /// <summary>
    /// Allow plaintext on a non-loopback address. Without TLS, API keys, enrollment tokens and
    /// host secrets cross the network in the clear, so the coordinator refuses that unless told.
    /// </summary>
    public bool Insecure { get; set; }

    /// <summary>API keys accepted for submitting projects (added to the store at start-up).</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Tokens that let new volunteer hosts register (added to the store at start-up).</summary>
    public List<string> EnrollmentTokens { get; set; } = [];

    /// <summary>How often volunteers heartbeat; a lease is lost after <see cref="MissedHeartbeats"/> missed ones.</summary>
    public double HeartbeatIntervalSeconds { get; set; } = 10;

    public int MissedHeartbeats { get; set; } = 3;

    /// <summary>When a volunteer that got no work should ask again.</summary>
    public double NoWorkRetrySeconds { get; set; } = 5;

    /// <summary>The shortest overall deadline of a lease, however cheap its unit.</summary>
    public double MinimumDeadlineSeconds { get; set; } = 120;

    /// <summary>How often expired leases are looked for.</summary>
    public double LeaseSweepSeconds { get; set; } = 1;

    /// <summary>Largest gRPC message accepted or sent; larger ones fail with ResourceExhausted.</summary>
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Size of the chunks large payloads are streamed in.</summary>
    public int ChunkBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The largest buffer the coordinator uses on shards (reshuffles, outputs): it never holds a
    /// shard, let alone a state, whatever their size.
    /// </summary>
    public int ShardBufferBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Random-sign sketches requested with every returned state.</summary>
    public int SketchCount { get; set; } = 4;

    /// <summary>A host counts as online if it called within this many seconds.</summary>
    public double OnlineWindowSeconds { get; set; } = 60;

    /// <summary>
    /// How often the progress monitor recomputes running projects' live progress (work done, rate,
    /// time left, why nothing runs) for the watch streams; a large grid samples less often, so
    /// that sampling holds the store's lock a tenth of the time at most.
    /// </summary>
    public double ProgressSampleSeconds { get; set; } = 0.5;

    /// <summary>How often the status history behind the operator console's charts (GET /history) is sampled.</summary>
    public double HistorySampleSeconds { get; set; } = 10;

    /// <summary>Samples of the status history kept in memory (360 at 10 s: the last hour).</summary>
    public int HistorySamples { get; set; } = 360;

    /// <summary>The recent window over which a project's rate (and so its time left) is measured.</summary>
    public double ThroughputWindowSeconds { get; set; } = 60;

    /// <summary>Errors and timeouts a unit may suffer before it (and its project) fails.</summary>
    public int MaxLostReplicas { get; set; } = 10;

    // Trust: accounts, placement, quotas and spot checks (README, "Verification").
    /// <summary>Hosts one volunteer account may register.</summary>
    public int MaxHostsPerAccount { get; set; } = 100;

    /// <summary>Registrations one enrollment token may make per minute.</summary>
    public int RegistrationsPerTokenPerMinute { get; set; } = 10;

    /// <summary>
    /// Never give two replicas of a unit to hosts on one network (IPv4 /24, IPv6 /48). Hosts calling
    /// from loopback have no network, so a grid on one machine (vq run) is unaffected.
    /// </summary>
    public bool SeparateNetworks { get; set; } = true;

    /// <summary>Replicas a host may take per day at first (BOINC's max_results_day); halved on each invalid result.</summary>
    public int DailyResultQuota { get; set; } = 2000;

    /// <summary>Fraction of verified units that a trusted verifier recomputes before their project is delivered.</summary>
    public double SpotCheckFraction { get; set; } = 0.1;

    /// <summary>
    /// The credit leaderboard (volunteer account names, credit, hosts) is shown to anyone, in /status
    /// and StatusService.GetLeaderboard, as BOINC's are; false keeps it to admin keys.
    /// </summary>
    public bool PublicLeaderboard { get; set; } = true;

    /// <summary>Consecutive valid results after which a host may get single-replica units (projects that opt in).</summary>
    public int AdaptiveReplicationThreshold { get; set; } = 10;

    /// <summary>
    /// Hand out a unit's replicas all at once (lower latency) instead of one after another. One
    /// after another, every replica's result is in before the next replica is issued: a colluder
    /// holding the first cannot know whether its accomplice will hold the second, and a lie it
    /// gambles on is outvoted whenever an honest host gets the next. Parallel suits grids whose
    /// volunteers all belong to one party (vq run).
    /// </summary>
    public bool ParallelReplicas { get; set; }

    /// <summary>Units the scheduler chooses among at random (the eligible ones nearest the head of the queue).</summary>
    public int AssignmentWindow { get; set; } = 32;

    // Researcher quotas: every limit answers RESOURCE_EXHAUSTED naming itself.
    /// <summary>Projects one researcher account may have running at once.</summary>
    public int MaxOpenProjectsPerAccount { get; set; } = 100;

    /// <summary>Submissions one researcher account may make per minute.</summary>
    public int SubmissionsPerMinutePerAccount { get; set; } = 30;

    /// <summary>Bytes of results (JSON and states) one researcher account may keep on the coordinator.</summary>
    public long MaxStoredResultBytesPerAccount { get; set; } = 256L << 30;

    /// <summary>Units one project may have.</summary>
    public int MaxUnitsPerProject { get; set; } = 100_000;

    /// <summary>The most memory one unit may need: no volunteer lends more, so a larger plan could never run.</summary>
    public long MaxUnitMemoryBytes { get; set; } = 64L << 30;

    // The pipeline services (stage advancer, assimilator, lease sweeper): each survives its items.
    /// <summary>Consecutive failures of a pipeline service on one project after which the project fails with the reason.</summary>
    public int MaxPipelineAttempts { get; set; } = 3;

    /// <summary>Seconds before a pipeline service retries a project it failed on (doubled after each failure).</summary>
    public double PipelineRetrySeconds { get; set; } = 2;

    // The blob reaper (README, "Disk use").
    /// <summary>
    /// Age a blob nothing names must reach before it is deleted: it covers a blob written moments
    /// before the record naming it (an upload being recorded, a submission). Storing bytes that
    /// exist already makes their blob young again.
    /// </summary>
    public double BlobReaperGraceSeconds { get; set; } = 600;

    /// <summary>How often the blob reaper looks for blobs nothing needs (it also sweeps once at start-up).</summary>
    public double BlobReaperIntervalSeconds { get; set; } = 60;

    public static string DefaultDataDirectory() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "VolunteerQuantum", "coordinator");
}
