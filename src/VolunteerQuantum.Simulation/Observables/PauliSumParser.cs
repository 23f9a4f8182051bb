using System.Globalization;

namespace VolunteerQuantum.Simulation.Observables;

/// <summary>
/// Grammar: sum := ['+'|'-'] term (('+'|'-') term)* ; term := [number ['*']] factor ('*'? factor)* | number ;
/// factor := ('X'|'Y'|'Z'|'I') digits (the qubit index follows the letter). Letters are case-insensitive.
/// </summary>
internal static class PauliSumParser
{
    public static PauliSum Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<PauliTerm>();
        var pos = 0;
        SkipSpace(text, ref pos);
        if (pos == text.Length)
        {
            throw Error(text, pos, "empty observable");
        }
        var sign = 1.0;
        if (text[pos] is '+' or '-')
        {
            sign = text[pos] == '-' ? -1 : 1;
            pos++;
        }
        while (true)
        {
            terms.Add(ParseTerm(text, ref pos, sign));
            SkipSpace(text, ref pos);
            if (pos == text.Length)
            {
                break;
            }
            if (text[pos] is not ('+' or '-'))
            {
                throw Error(text, pos, $"expected '+', '-' or the end, found '{text[pos]}'");
            }
            sign = text[pos] == '-' ? -1 : 1;
            pos++;
        }
        return new PauliSum(terms, text.Trim());
    }

    private static PauliTerm ParseTerm(string text, ref int pos, double sign)
    {
        SkipSpace(text, ref pos);
        var start = pos;
        var coefficient = sign;
        var hasNumber = false;
        if (pos < text.Length && (char.IsDigit(text[pos]) || text[pos] == '.'))
        {
            coefficient *= ParseNumber(text, ref pos);
            hasNumber = true;
            SkipSpace(text, ref pos);
            if (pos < text.Length && text[pos] == '*')
            {
                pos++;
                SkipSpace(text, ref pos);
            }
        }
        ulong x = 0;
        ulong z = 0;
        var factors = 0;
        while (pos < text.Length && char.ToUpperInvariant(text[pos]) is 'X' or 'Y' or 'Z' or 'I')
        {
            var letter = char.ToUpperInvariant(text[pos]);
            var letterPos = pos;
            pos++;
            var digits = pos;
            while (pos < text.Length && char.IsDigit(text[pos]))
            {
                pos++;
            }
            if (digits == pos)
            {
                throw Error(text, digits, $"'{letter}' needs a qubit index right after it (e.g. {letter}0)");
            }
            if (!int.TryParse(text.AsSpan(digits, pos - digits), NumberStyles.None, CultureInfo.InvariantCulture, out var qubit) || qubit > 63)
            {
                throw Error(text, digits, $"qubit index '{text[digits..pos]}' is out of range (0..63)");
            }
            var bit = 1UL << qubit;
            if (((x | z) & bit) != 0)
            {
                throw Error(text, letterPos, $"qubit {qubit} appears twice in one term");
            }
            x |= letter is 'X' or 'Y' ? bit : 0;
            z |= letter is 'Z' or 'Y' ? bit : 0;
            factors++;
            SkipSpace(text, ref pos);
            if (pos < text.Length && text[pos] == '*')
            {
                pos++;
                SkipSpace(text, ref pos);
            }
        }
        if (factors == 0 && !hasNumber)
        {
            throw Error(text, start, pos < text.Length
                ? $"expected a coefficient or a Pauli factor (X0, Y1, Z2, I3), found '{text[pos]}'"
                : "expected a term after the sign");
        }
        return new PauliTerm(coefficient, new PauliString(x, z));
    }

    private static double ParseNumber(string text, ref int pos)
    {
        var start = pos;
        while (pos < text.Length && (char.IsDigit(text[pos]) || text[pos] == '.'))
        {
            pos++;
        }
        if (pos < text.Length && text[pos] is 'e' or 'E')
        {
            var save = pos;
            pos++;
            if (pos < text.Length && text[pos] is '+' or '-')
            {
                pos++;
            }
            var digits = pos;
            while (pos < text.Length && char.IsDigit(text[pos]))
            {
                pos++;
            }
            if (digits == pos)
            {
                pos = save;
            }
        }
        return double.TryParse(text.AsSpan(start, pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(text, start, $"'{text[start..pos]}' is not a number");
    }

    private static void SkipSpace(string text, ref int pos)
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos]))
        {
            pos++;
        }
    }

    private static FormatException Error(string text, int pos, string message) =>
        new($"observable '{text}', column {pos + 1}: {message}");
}
