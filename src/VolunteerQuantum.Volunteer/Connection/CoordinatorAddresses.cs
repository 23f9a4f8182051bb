namespace VolunteerQuantum.Volunteer.Connection;

/// <summary>
/// The coordinators a client may talk to, written as one comma-separated list
/// (https://a:7070,https://b:7070): the coordinators of one grid share a store, so any of them
/// answers any request. The one place the list is parsed, for the daemon and for `vq` alike.
/// </summary>
public static class CoordinatorAddresses
{
    public const string ExpectedFormat = "use https://host:port (or http://host:port for a plaintext grid), several separated by commas";

    /// <summary>
    /// The addresses as written (trimmed, not normalised, so a single address stays byte for byte
    /// what the user gave). A bad, empty or repeated entry is a <see cref="FormatException"/> naming it:
    /// a duplicate is refused rather than collapsed, because it is almost always a typo for another host.
    /// </summary>
    public static IReadOnlyList<string> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = text.Split(',');
        var addresses = new List<string>(entries.Length);
        foreach (var raw in entries)
        {
            var address = raw.Trim();
            if (address.Length == 0)
            {
                throw new FormatException(entries.Length == 1
                    ? $"no coordinator address given: {ExpectedFormat}"
                    : $"'{text}' has an empty entry (two commas in a row, or one at an end): {ExpectedFormat}");
            }
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new FormatException($"'{address}' is not a coordinator address: {ExpectedFormat}");
            }
            if (addresses.Any(a => SameAddress(a, address)))
            {
                throw new FormatException($"'{address}' is named twice in the coordinator list '{text}'");
            }
            addresses.Add(address);
        }
        return addresses;
    }

    /// <summary>
    /// Whether something recorded for <paramref name="recorded"/> (a host identity, a checkpoint:
    /// one address, or a whole list) belongs to the grid of <paramref name="configured"/>: they
    /// share an address. Lenient, as both were written by this daemon or by an older one.
    /// </summary>
    public static bool Overlap(string configured, string recorded)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(recorded);
        var mine = Entries(configured);
        return Entries(recorded).Any(r => mine.Any(m => SameAddress(m, r)));
    }

    private static string[] Entries(string text) => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static bool SameAddress(string a, string b) =>
        string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
