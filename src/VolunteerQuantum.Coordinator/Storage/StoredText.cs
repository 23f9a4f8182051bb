using System.Globalization;
using System.Text;

namespace VolunteerQuantum.Coordinator.Storage;

/// <summary>
/// Text a volunteer or researcher sends that ends up on an operator's terminal or page (host
/// and owner names, paused reasons, OS and daemon versions, error messages): stored without
/// control characters, so "\u001b[2J" cannot clear the screen of whoever prints it. Removes C0
/// and C1 controls with the whole ESC / CSI / OSC / DCS sequence they start, and Unicode format
/// characters (bidi overrides, zero-width joiners); tabs and line breaks become spaces; ordinary
/// printable text, any script, is kept.
/// </summary>
public static class StoredText
{
    private const char Esc = '\u001b';
    private const char Bell = '\u0007';

    /// <summary>The printable part of <paramref name="text"/>, cut to <paramref name="max"/> characters.</summary>
    public static string Clean(string? text, int max)
    {
        var clean = Strip(text);
        return clean.Length <= max ? clean : clean[..max];
    }

    public static string Strip(string? text)
    {
        if (string.IsNullOrEmpty(text) || !NeedsStripping(text))
        {
            return text ?? "";
        }
        var output = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == Esc || c is >= '\u0080' and <= '\u009f')
            {
                i = SkipSequence(text, i);
                continue;
            }
            // A lone surrogate decodes as U+FFFD, one char long.
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length);
            i += length;
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.Control when c is '\t' or '\n' or '\r':
                    output.Append(' ');
                    break;
                case UnicodeCategory.Control or UnicodeCategory.Format:
                    break;
                default:
                    output.Append(rune.ToString());
                    break;
            }
        }
        return output.ToString();
    }

    private static bool NeedsStripping(string text)
    {
        // Most text is clean: return it as it is, without copying.
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Index just past the escape sequence (ECMA-48) that starts at <paramref name="start"/>.</summary>
    private static int SkipSequence(string text, int start)
    {
        var c = text[start];
        var i = start + 1;
        // ESC followed by a C1 character's 7-bit form is that C1 character.
        if (c == Esc)
        {
            if (i >= text.Length)
            {
                return i;
            }
            var next = text[i];
            if (next is >= '@' and <= '_')
            {
                c = (char)(next + 0x40);
                i++;
            }
            else
            {
                // nF sequences: intermediates 0x20–0x2F, then one final character.
                while (i < text.Length && text[i] is >= ' ' and <= '/')
                {
                    i++;
                }
                return i < text.Length && text[i] is >= '0' and <= '~' ? i + 1 : i;
            }
        }
        switch (c)
        {
            case '\u009b':  // CSI: parameters and intermediates, then a final byte 0x40–0x7E.
                while (i < text.Length && text[i] is >= ' ' and <= '?')
                {
                    i++;
                }
                return i < text.Length && text[i] is >= '@' and <= '~' ? i + 1 : i;
            case '\u009d' or '\u0090' or '\u0098' or '\u009e' or '\u009f':  // OSC, DCS, SOS, PM, APC: a string up to BEL or ST.
                while (i < text.Length)
                {
                    if (text[i] is Bell or '\u009c')
                    {
                        return i + 1;
                    }
                    if (text[i] == Esc && i + 1 < text.Length && text[i + 1] == '\\')
                    {
                        return i + 2;
                    }
                    i++;
                }
                return i;
            default:
                return i;
        }
    }
}
