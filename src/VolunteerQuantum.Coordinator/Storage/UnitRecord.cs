namespace VolunteerQuantum.Coordinator.Storage;

/// <summary>A work unit as stored in LiteDB's "units" collection.</summary>
public sealed class UnitRecord
{
    /// <summary>"{projectId}.{index}".</summary>
    public string Id { get; set; } = "";
    public string ProjectId { get; set; } = "";
    public int Index { get; set; }
    public UnitState State { get; set; }
    /// <summary>A result came in since the unit was last judged: the validator compares its replicas.</summary>
    public bool NeedsJudging { get; set; }

    /// <summary>Order in which units are served: the project's sequence number, then the unit's index.</summary>
    public long Priority { get; set; }

    // The unit's work (WorkUnitSpec, flattened for storage).
    public Grid.Units.UnitKind Kind { get; set; }
    public int Point { get; set; }
    public Dictionary<string, double> Parameters { get; set; } = [];
    public long MemoryBytes { get; set; }
    public double Cost { get; set; }
    public int GateCount { get; set; }
    public long Shots { get; set; }
    public ulong Seed { get; set; }
    public bool WantsState { get; set; }
    public List<string> Amplitudes { get; set; } = [];
    public List<string> Observables { get; set; } = [];
    /// <summary>Noisy units: the project's trajectories, and this unit's range of them.</summary>
    public long Trajectories { get; set; }
    public long FirstTrajectory { get; set; }
    public long TrajectoryCount { get; set; }
    public long RunShots { get; set; }

    // Shard units: one shard of a distributed state for one stage.
    public int Stage { get; set; }
    public long ShardIndex { get; set; }
    public int LocalQubits { get; set; }
    public int GlobalQubits { get; set; }
    /// <summary>The shard before the stage (null: the first shard of |0…0⟩).</summary>
    public string? InputBlob { get; set; }
    public long InputLength { get; set; }
    public double InputNorm { get; set; }

    /// <summary>The stage's gate list (shards) or the path program (paths).</summary>
    public string? ProgramBlob { get; set; }
    public long ProgramLength { get; set; }

    // Paths units: a range of paths.
    public long FirstPath { get; set; }
    public long PathCount { get; set; }

    // Replication.
    /// <summary>The project's min quorum when the unit was made.</summary>
    public int MinQuorum { get; set; }
    /// <summary>Replicas go out one after another: the next only once every earlier one has returned or been lost.</summary>
    public bool OneAtATime { get; set; }
    /// <summary>Successful results wanted before deciding (min quorum, raised on disagreement).</summary>
    public int Wanted { get; set; }
    public int InProgress { get; set; }
    public int Returned { get; set; }
    /// <summary>Replicas that errored, timed out or were rejected.</summary>
    public int Lost { get; set; }
    /// <summary>Replicas to hand out now: Wanted − (InProgress + Returned), or at most one with none in progress when <see cref="OneAtATime"/>.</summary>
    public int OpenSlots { get; set; }
    /// <summary>The next replica must upload its state (none of the agreeing ones did).</summary>
    public bool NeedsUpload { get; set; }
    /// <summary>Some replica has been told to upload the state and has not been lost.</summary>
    public bool UploaderAssigned { get; set; }
    public List<string> HostIds { get; set; } = [];
    /// <summary>The accounts of those hosts (no two replicas of a unit go to one account).</summary>
    public List<string> Owners { get; set; } = [];
    /// <summary>Their networks, where they are not loopback (see <see cref="Accounts.NetworkPrefix"/>).</summary>
    public List<string> Networks { get; set; } = [];
    /// <summary>
    /// Secret sketch seeds, <see cref="CoordinatorOptions.SketchCount"/> per slot: every replica gets a
    /// slot of its own, and the coordinator sketches each uploaded state with every slot, so a state is
    /// checked with seeds its uploader never saw (see <see cref="Verification.SeedSlots"/>).
    /// </summary>
    public List<ulong> SeedPool { get; set; } = [];
    /// <summary>Slots handed out so far.</summary>
    public int SeedSlotsIssued { get; set; }
    /// <summary>The slot no volunteer ever gets.</summary>
    public int AuditSlotIndex { get; set; }
    /// <summary>Verified by one replica of a trusted host (adaptive replication).</summary>
    public bool SingleReplica { get; set; }
    public SpotCheckState SpotCheck { get; set; }
    /// <summary>Reopened because a host that helped verify it was caught: once verified again, it is spot-checked for sure.</summary>
    public bool ForceSpotCheck { get; set; }
    public string? CanonicalReplicaId { get; set; }
    public bool Disputed { get; set; }
    public string? FailureReason { get; set; }
}
