using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Grid.Results;

namespace VolunteerQuantum.Coordinator.Projects;

/// <summary>A project with the live figures a watcher wants (replicas running, verification so far).</summary>
public sealed record ProjectView(ProjectRecord Project, int ReplicasRunning, VerificationReport Verification);
