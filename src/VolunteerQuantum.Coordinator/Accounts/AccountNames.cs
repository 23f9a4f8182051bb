using System.Text;

namespace VolunteerQuantum.Coordinator.Accounts;

/// <summary>
/// Account names as the operator types them, reduced to one canonical form. Names are compared
/// after Unicode compatibility folding and lower-casing and must then be plain ASCII letters,
/// digits, '.', '_' or '-': "alice ", "alice\u200b" and a Cyrillic "аlice" cannot pass for
/// "alice", because the first two fold to it and the last is refused.
/// </summary>
public static class AccountNames
{
    public const int MaxLength = 64;

    /// <summary>The canonical name, or an error that says what is wrong with it.</summary>
    public static (string? Name, string? Error) Normalize(string? name)
    {
        var folded = (name ?? "").Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant();
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
