using System.Globalization;

namespace VolunteerQuantum.Volunteer.Policy;

/// <summary>
/// A weekly computing window: "[days] [HH:MM-HH:MM]", days as "Mon-Fri", "Sat,Sun" or "Tue", times
/// in local time. Without days it holds every day, without times all day. A window whose end is not
/// after its start runs past midnight and belongs to the day it starts on ("Fri 22:00-06:00" holds
/// early on Saturday too).
/// </summary>
public sealed class TimeWindow
{
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private readonly bool[] _days;
    private readonly TimeSpan _start;
    private readonly TimeSpan _end;

    private TimeWindow(string text, bool[] days, TimeSpan start, TimeSpan end)
    {
        Text = text;
        _days = days;
        _start = start;
        _end = end;
    }

    public string Text { get; }

    public static TimeWindow Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var days = Enumerable.Repeat(true, 7).ToArray();
        var (start, end) = (TimeSpan.Zero, TimeSpan.FromHours(24));
        var rest = parts.AsSpan();
        if (rest.Length > 0 && char.IsLetter(rest[0][0]))
        {
            days = ParseDays(rest[0], text);
            rest = rest[1..];
        }
        if (rest.Length > 0)
        {
            (start, end) = ParseTimes(rest[0], text);
            rest = rest[1..];
        }
        if (rest.Length > 0 || parts.Length == 0)
        {
            throw Bad(text);
        }
        return new TimeWindow(text.Trim(), days, start, end);
    }

    public bool Contains(DateTime localTime)
    {
        var day = (int)localTime.DayOfWeek;
        var time = localTime.TimeOfDay;
        if (_start < _end)
        {
            return _days[day] && time >= _start && time < _end;
        }
        // Past midnight: the evening part on a listed day, the morning part on the day after one.
        return (_days[day] && time >= _start) || (_days[(day + 6) % 7] && time < _end);
    }

    public override string ToString() => Text;

    private static bool[] ParseDays(string text, string whole)
    {
        var days = new bool[7];
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var range = item.Split('-');
            if (range.Length is < 1 or > 2)
            {
                throw Bad(whole);
            }
            var first = Day(range[0], whole);
            var last = range.Length == 2 ? Day(range[1], whole) : first;
            for (var d = first; ; d = (d + 1) % 7)
            {
                days[d] = true;
                if (d == last)
                {
                    break;
                }
            }
        }
        return days;
    }

    private static int Day(string name, string whole)
    {
        var key = name.Trim().ToLowerInvariant();
        var index = Array.FindIndex(DayNames, d => key.Length >= 3 && d == key[..3]);
        return index >= 0 ? index : throw Bad(whole);
    }

    private static (TimeSpan Start, TimeSpan End) ParseTimes(string text, string whole)
    {
        var range = text.Split('-');
        if (range.Length != 2)
        {
            throw Bad(whole);
        }
        var start = Time(range[0], whole);
        var end = Time(range[1], whole);
        if (start == TimeSpan.FromHours(24) || start == end)
        {
            throw Bad(whole);
        }
        return (start, end);
    }

    private static TimeSpan Time(string text, string whole)
    {
        if (text.Trim() == "24:00")
        {
            return TimeSpan.FromHours(24);
        }
        return TimeSpan.TryParseExact(text.Trim(), ["h\\:mm", "hh\\:mm"], CultureInfo.InvariantCulture, out var t) && t < TimeSpan.FromHours(24)
            ? t
            : throw Bad(whole);
    }

    private static FormatException Bad(string text) =>
        new($"computing window '{text}' is not of the form '[Mon-Fri] [HH:MM-HH:MM]' (days Sun..Sat, 24-hour local times)");
}
