namespace VolunteerQuantum.Cli.Commands;

/// <summary>A mistake in how `vq` was called: printed as "error: …" with no stack trace.</summary>
internal sealed class UsageException(string message) : Exception(message);
