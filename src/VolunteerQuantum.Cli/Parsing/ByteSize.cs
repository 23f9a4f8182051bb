using System.Globalization;

namespace VolunteerQuantum.Cli.Parsing;

/// <summary>Parses sizes such as 1073741824, 512MiB, 4GiB, 64 KiB (binary units; KB/MB/GB taken as the same).</summary>
public static class ByteSize
{
    public static long Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        var split = s.Length;
        while (split > 0 && char.IsLetter(s[split - 1]))
        {
            split--;
        }
        var unit = s[split..].Trim().ToUpperInvariant();
        var shift = unit switch
        {
            "" or "B" => 0,
            "K" or "KB" or "KIB" => 10,
            "M" or "MB" or "MIB" => 20,
            "G" or "GB" or "GIB" => 30,
            "T" or "TB" or "TIB" => 40,
            _ => throw new FormatException($"'{text}' is not a size: use bytes or a KiB, MiB, GiB or TiB suffix"),
        };
        if (!double.TryParse(s[..split].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number < 0 || !double.IsFinite(number))
        {
            throw new FormatException($"'{text}' is not a size: use bytes or a KiB, MiB, GiB or TiB suffix");
        }
        var bytes = number * Math.Pow(2, shift);
        return bytes >= long.MaxValue ? throw new FormatException($"'{text}' is too large") : (long)bytes;
    }
}
