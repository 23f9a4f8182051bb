using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Cli.Output;

/// <summary>
/// Every string a coordinator supplies passes through here before vq prints it: a coordinator may
/// be old, or someone else's, and a host name holding "\u001b[2J" must not clear the operator's
/// screen. The same rules as the coordinator uses for what it stores (<see cref="StoredText"/>).
/// </summary>
internal static class TerminalText
{
    public static string Clean(string? text) => StoredText.Strip(text);
}
