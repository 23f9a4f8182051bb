namespace VolunteerQuantum.Coordinator.Progress;

/// <summary>
/// The running projects' live progress as the progress monitor last published it: request paths
/// (watch streams, project reads, lists) read it from memory, never recomputing it, and watchers
/// wake on each publication.
/// </summary>
public sealed class ProgressBoard
{
    private IReadOnlyDictionary<string, ProjectProgress> _projects = new Dictionary<string, ProjectProgress>(StringComparer.Ordinal);
    private TaskCompletionSource _published = NewSignal();

    /// <summary>The project's progress at the last sample; null before its first, or once it has ended.</summary>
    public ProjectProgress? For(string projectId) => Volatile.Read(ref _projects).GetValueOrDefault(projectId);

    public void Publish(IReadOnlyDictionary<string, ProjectProgress> projects)
    {
        Volatile.Write(ref _projects, projects);
        Interlocked.Exchange(ref _published, NewSignal()).TrySetResult();
    }

    /// <summary>Completes at the next publication.</summary>
    public Task NextAsync() => Volatile.Read(ref _published).Task;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
