namespace VolunteerQuantum.Coordinator.Accounts;

/// <summary>
/// Account names as the operator types them, reduced to one canonical form: trimmed, lower-cased,
/// and then plain ASCII letters, digits, '.', '_' or '-' only. "Alice " is "alice"; "ali\u200bce",
/// a Cyrillic "аlice" or a full-width "ａｌｉｃｅ" are refused, naming the character, so no name can
/// pass for another on a screen.
/// </summary>
public static class AccountNames
{
    public const int MaxLength = 64;

    /// <summary>The canonical name, or an error that says what is wrong with it.</summary>
    public static (string? Name, string? Error) Normalize(string? name)
    {
        var folded = (name ?? "").Trim().ToLowerInvariant();
        if (folded.Length == 0)
        {
            return (null, "an account name must not be empty");
        }
        if (folded.Length > MaxLength)
        {
            return (null, $"an account name has at most {MaxLength} characters");
        }
        foreach (var c in folded)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '_' or '-'))
            {
                return (null, $"account name '{Printable(folded)}' may contain only ASCII letters, digits, '.', '_' and '-' (found U+{(int)c:X4})");
            }
        }
        return (folded, null);
    }

    private static string Printable(string s) => new([.. s.Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)]);
}
