using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Grid.Units;

namespace VolunteerQuantum.Coordinator.Projects;

/// <summary>
/// The one place a planned unit (<see cref="WorkUnitSpec"/>) becomes a stored one: its serving
/// priority (checked against the next project's), how its replicas are issued, and the blobs it
/// reads. Submission creates the first units with it, the stage advancer every later stage's.
/// </summary>
public static class UnitFactory
{
    /// <param name="program">The stage's gate list (shards) or the path program (paths); null for whole units.</param>
    /// <param name="input">A shard unit's input shard; null for the first stage (|0…0⟩) and other kinds.</param>
    public static UnitRecord Create(ProjectRecord project, WorkUnitSpec spec, bool parallelReplicas, (string Blob, long Length)? program, (string? Blob, long Length)? input = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(spec);
        var unit = RecordMapping.ToRecord(project.Id, UnitPriority.Of(project.Sequence, spec.Index), spec, project.MinQuorum, oneAtATime: !parallelReplicas);
        if (program is { } p)
        {
            unit.ProgramBlob = p.Blob;
            unit.ProgramLength = p.Length;
        }
        if (input is { } i)
        {
            unit.InputBlob = i.Blob;
            unit.InputLength = i.Length;
        }
        return unit;
    }
}
