using VolunteerQuantum.Coordinator.Storage.Backends;
using static VolunteerQuantum.Coordinator.Storage.Backends.StoreTables;

namespace VolunteerQuantum.Coordinator.Storage.Sets;

/// <summary>The projects, by the questions the grid asks of them.</summary>
public sealed class ProjectRecords(IRecordTable<ProjectRecord> table)
{
    public ProjectRecord? FindById(string id) => table.Find(id);

    public void Insert(ProjectRecord project) => table.Insert(project);

    public void Update(ProjectRecord project) => table.Update(project);

    public IEnumerable<ProjectRecord> FindAll() => table.All();

    public IEnumerable<ProjectRecord> InState(ProjectState state) => table.Where(ProjectFields.State, state);

    public IEnumerable<ProjectRecord> Running() => InState(ProjectState.Running);

    public IEnumerable<ProjectRecord> OwnedBy(string owner) => table.Where(ProjectFields.Owner, owner);

    public int CountOwnedBy(string owner) => table.Count(ProjectFields.Owner, owner);

    /// <summary>The newest projects first, of one owner or (null) of everyone.</summary>
    public IReadOnlyList<ProjectRecord> Newest(int limit, string? owner = null) =>
        owner is null ? table.Largest(ProjectFields.CreatedUtc, limit) : table.Largest(ProjectFields.CreatedUtc, limit, ProjectFields.Owner, owner);

    /// <summary>Running projects whose verified stage waits for the stage advancer.</summary>
    public IEnumerable<ProjectRecord> AwaitingAdvance() =>
        table.Where(ProjectFields.AdvancePending, true).Where(p => p.State == ProjectState.Running);

    /// <summary>Running projects whose verified units wait for the assimilator.</summary>
    public IEnumerable<ProjectRecord> AwaitingAssimilation() =>
        table.Where(ProjectFields.AssimilatePending, true).Where(p => p.State == ProjectState.Running);

    public IReadOnlyDictionary<ProjectState, int> CountByState() => table.CountBy<ProjectState>(ProjectFields.State);

    public bool AnyReferencing(string blob) => table.AnyReferencing(blob);
}
