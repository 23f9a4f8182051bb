using Microsoft.Extensions.Hosting;

namespace VolunteerQuantum.Volunteer.Extensions;

/// <summary>A host lifetime that handles no signals: the program embedding the host stops it.</summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
