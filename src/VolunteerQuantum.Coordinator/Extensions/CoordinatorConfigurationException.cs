namespace VolunteerQuantum.Coordinator.Extensions;

/// <summary>
/// A coordinator that must not start as configured (an unusable certificate, plaintext on the
/// network): the message names the setting or file and says what to do.
/// </summary>
public sealed class CoordinatorConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
