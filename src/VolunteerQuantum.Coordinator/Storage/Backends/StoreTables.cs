namespace VolunteerQuantum.Coordinator.Storage.Backends;

/// <summary>
/// The grid's tables and the fields each one indexes. A PostgreSQL column exists for each field
/// (see <see cref="PostgresSchema"/>); LiteDB gets an index on it. Every index costs on each write
/// that changes its key (LiteDB rewrites the index pages it touched at every commit), so only the
/// fields the grid selects on are here: a unit's open slots, which change at every hand-out, live
/// in the in-memory queue instead.
/// </summary>
public static class StoreTables
{
    public static class ProjectFields
    {
        public static readonly RecordField<ProjectRecord> State = new(nameof(ProjectRecord.State), "state", p => p.State);
        public static readonly RecordField<ProjectRecord> Owner = new(nameof(ProjectRecord.Owner), "owner", p => p.Owner);
        public static readonly RecordField<ProjectRecord> CreatedUtc = new(nameof(ProjectRecord.CreatedUtc), "created_utc", p => p.CreatedUtc);
        public static readonly RecordField<ProjectRecord> AdvancePending = new(nameof(ProjectRecord.AdvancePending), "advance_pending", p => p.AdvancePending);
        public static readonly RecordField<ProjectRecord> AssimilatePending = new(nameof(ProjectRecord.AssimilatePending), "assimilate_pending", p => p.AssimilatePending);
    }

    public static class UnitFields
    {
        public static readonly RecordField<UnitRecord> ProjectId = new(nameof(UnitRecord.ProjectId), "project_id", u => u.ProjectId);
        public static readonly RecordField<UnitRecord> State = new(nameof(UnitRecord.State), "state", u => u.State);
        public static readonly RecordField<UnitRecord> NeedsJudging = new(nameof(UnitRecord.NeedsJudging), "needs_judging", u => u.NeedsJudging);
        public static readonly RecordField<UnitRecord> SpotCheck = new(nameof(UnitRecord.SpotCheck), "spot_check", u => u.SpotCheck);
    }

    public static class ReplicaFields
    {
        public static readonly RecordField<ReplicaRecord> UnitId = new(nameof(ReplicaRecord.UnitId), "unit_id", r => r.UnitId);
        public static readonly RecordField<ReplicaRecord> ProjectId = new(nameof(ReplicaRecord.ProjectId), "project_id", r => r.ProjectId);
        public static readonly RecordField<ReplicaRecord> HostId = new(nameof(ReplicaRecord.HostId), "host_id", r => r.HostId);
        public static readonly RecordField<ReplicaRecord> State = new(nameof(ReplicaRecord.State), "state", r => r.State);
    }

    public static class HostFields
    {
        public static readonly RecordField<HostRecord> Owner = new(nameof(HostRecord.Owner), "owner", h => h.Owner);
        public static readonly RecordField<HostRecord> TrustedVerifier = new(nameof(HostRecord.TrustedVerifier), "trusted_verifier", h => h.TrustedVerifier);
        public static readonly RecordField<HostRecord> MemoryBytes = new(nameof(HostRecord.MemoryBytes), "memory_bytes", h => h.MemoryBytes);
    }

    public static class AccountFields
    {
        public static readonly RecordField<AccountRecord> Admin = new(nameof(AccountRecord.Admin), "admin", a => a.Admin);
    }

    public static class CredentialFields
    {
        public static readonly RecordField<CredentialRecord> Kind = new(nameof(CredentialRecord.Kind), "kind", c => c.Kind);
        public static readonly RecordField<CredentialRecord> AccountId = new(nameof(CredentialRecord.AccountId), "account_id", c => c.AccountId);
    }

    public static readonly TableSpec<ProjectRecord> Projects = new("projects", p => p.Id,
        [ProjectFields.State, ProjectFields.Owner, ProjectFields.CreatedUtc, ProjectFields.AdvancePending, ProjectFields.AssimilatePending],
        [
            new("CircuitBlob", "", p => p.CircuitBlob), new("NoiseBlob", "", p => p.NoiseBlob), new("ShardPlanBlob", "", p => p.ShardPlanBlob),
            new("ShardsBlob", "", p => p.ShardsBlob), new("PathProgramBlob", "", p => p.PathProgramBlob),
            new("ResultBlob", "", p => p.ResultBlob), new("StateBlob", "", p => p.StateBlob),
        ]);

    public static readonly TableSpec<UnitRecord> Units = new("units", u => u.Id,
        [UnitFields.ProjectId, UnitFields.State, UnitFields.NeedsJudging, UnitFields.SpotCheck],
        [new("InputBlob", "", u => u.InputBlob), new("ProgramBlob", "", u => u.ProgramBlob)],
        tracksChanges: true);

    public static readonly TableSpec<ReplicaRecord> Replicas = new("replicas", r => r.Id,
        [ReplicaFields.UnitId, ReplicaFields.ProjectId, ReplicaFields.HostId, ReplicaFields.State],
        [new("Result.StateBlob", "", r => r.Result?.StateBlob)],
        tracksChanges: true);

    public static readonly TableSpec<HostRecord> Hosts = new("hosts", h => h.Id,
        [HostFields.Owner, HostFields.TrustedVerifier, HostFields.MemoryBytes], []);

    public static readonly TableSpec<AccountRecord> Accounts = new("accounts", a => a.Id, [AccountFields.Admin], []);

    public static readonly TableSpec<CredentialRecord> Credentials = new("keys", c => c.Id, [CredentialFields.Kind, CredentialFields.AccountId], []);

    public static readonly TableSpec<CounterRecord> Counters = new("counters", c => c.Id, [], []);
}
