using System.Globalization;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Cli.Output;

/// <summary>
/// The words of a watched project's progress, as the coordinator computed it (every client shows
/// the same figures): work done, units verified, replicas running, rate, time left, and why
/// nothing runs when nothing does. Every string the coordinator supplied is cleaned for a terminal.
/// </summary>
internal static class ProgressText
{
    private const int BarWidth = 30;

    /// <summary>The terminal's redrawn line: a bar, the figures, and a short word on a stall (its sentence is printed above it).</summary>
    public static string Line(ProjectInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var filled = (int)Math.Round(Math.Clamp(info.WorkFraction, 0, 1) * BarWidth);
        var bar = $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {Percent(info)}  {Figures(info)}";
        return info.Stall is { } stall ? $"{bar}  (stalled: {Short(stall.Reason)})" : bar;
    }

    /// <summary>A plain line for logs and pipes: no bar, no control codes, labelled like vq's other stderr lines.</summary>
    public static string Plain(ProjectInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return $"progress      {Percent(info)} of the work, {Figures(info)}";
    }

    /// <summary>The coordinator's sentence on why nothing runs, labelled; null while the project progresses.</summary>
    public static string? StallLine(ProjectInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return info.Stall is { } stall ? $"stalled       {TerminalText.Clean(stall.Message)}" : null;
    }

    /// <summary>Units, replicas, rate and time left.</summary>
    public static string Figures(ProjectInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var stage = info.Plan is { Stages: > 0 } plan ? $"stage {plan.CurrentStage + 1}/{plan.Stages}, " : "";
        var paused = info.ReplicasPaused > 0 ? $" ({info.ReplicasPaused} paused)" : "";
        var text = $"{stage}{info.UnitsVerified}/{info.UnitsTotal} units verified, {info.ReplicasRunning} replica(s) running{paused}";
        if (info.Verification is { ReplicasInvalid: > 0 } verification)
        {
            text += $", {verification.ReplicasInvalid} rejected";
        }
        if (info.State == ProjectState.Running && info.UnitsPerSecond > 0)
        {
            text += $", {Rate(info.UnitsPerSecond)}";
        }
        if (info.State == ProjectState.Running && info.HasEtaSeconds)
        {
            text += $", ETA {Duration(info.EtaSeconds)}";
        }
        return text;
    }

    private static string Percent(ProjectInfo info) =>
        (Math.Clamp(info.WorkFraction, 0, 1) * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>Units of work per second, minute or hour, whichever reads as a number of at least one.</summary>
    public static string Rate(double unitsPerSecond) => unitsPerSecond switch
    {
        >= 1 => string.Create(CultureInfo.InvariantCulture, $"{unitsPerSecond:0.#} units/s"),
        >= 1.0 / 60 => string.Create(CultureInfo.InvariantCulture, $"{unitsPerSecond * 60:0.#} units/min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{unitsPerSecond * 3600:0.##} units/h"),
    };

    public static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds >= 100 * 86400)
        {
            return "more than 100 days";
        }
        var t = TimeSpan.FromSeconds(Math.Max(0, Math.Round(seconds)));
        return t.TotalSeconds < 60 ? $"{t.Seconds} s"
            : t.TotalMinutes < 60 ? $"{t.Minutes} min {t.Seconds:00} s"
            : t.TotalHours < 48 ? $"{(int)t.TotalHours} h {t.Minutes:00} min"
            : string.Create(CultureInfo.InvariantCulture, $"{t.TotalDays:0.#} days");
    }

    private static string Short(StallReason reason) => reason switch
    {
        StallReason.NoVolunteers => "no volunteer registered",
        StallReason.NoneConnected => "no volunteer connected",
        StallReason.AllPaused => "volunteers paused",
        StallReason.NotEnoughMemory => "not enough memory",
        StallReason.NoEligibleVolunteer => "no eligible volunteer",
        StallReason.VolunteersBusy => "volunteers busy",
        _ => "see above",
    };
}
