namespace VolunteerQuantum.Coordinator.Storage;

/// <summary>A replica (one host's attempt at a unit) as stored in LiteDB's "replicas" collection.</summary>
public sealed class ReplicaRecord
{
    public string Id { get; set; } = "";
    public string UnitId { get; set; } = "";
    public string ProjectId { get; set; } = "";
    public string HostId { get; set; } = "";
    /// <summary>The host's owner when the replica was issued (one replica per owner per unit).</summary>
    public string Owner { get; set; } = "";
    /// <summary>The host's network when the replica was issued ("" for loopback).</summary>
    public string Network { get; set; } = "";
    /// <summary>The replica's slot in the unit's seed pool (−1: no state, no seeds).</summary>
    public int SeedSlot { get; set; } = -1;
    /// <summary>A trusted verifier's recomputation of a verified unit.</summary>
    public bool SpotCheck { get; set; }
    /// <summary>Its host has been credited for it as valid (once, even if re-verification judges it again).</summary>
    public bool Credited { get; set; }
    /// <summary>
    /// The credit granted for it (Credit.CreditRule), once, in the transaction that judged it valid;
    /// null: none granted. Keyed by the replica, so a unit judged again never grants twice.
    /// </summary>
    public DateTime? CreditGrantedUtc { get; set; }
    public double GrantedCredit { get; set; }
    /// <summary>Judged invalid after it was credited (a re-verification or a failed spot check): its credit was taken back.</summary>
    public bool CreditRevoked { get; set; }
    public ReplicaState State { get; set; }
    public DateTime IssuedUtc { get; set; }
    /// <summary>Renewed by heartbeats; the lease is lost after it.</summary>
    public DateTime LeaseExpiryUtc { get; set; }
    /// <summary>Never renewed past this (sized from the unit's cost and the host's speed).</summary>
    public DateTime DeadlineUtc { get; set; }
    public double Progress { get; set; }
    public bool UploadState { get; set; }
    public DateTime? ReturnedUtc { get; set; }
    public string? Message { get; set; }
    /// <summary>Fused operations the volunteer's last resume from a checkpoint skipped (0: never resumed).</summary>
    public long ResumedFromOperations { get; set; }
    /// <summary>How many times the volunteer resumed this replica from a checkpoint.</summary>
    public int Resumes { get; set; }
    public StoredResult? Result { get; set; }
}
