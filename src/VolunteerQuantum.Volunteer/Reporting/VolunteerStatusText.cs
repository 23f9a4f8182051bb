using System.Diagnostics;
using System.Text;

namespace VolunteerQuantum.Volunteer.Reporting;

/// <summary>`vq volunteer status` and `vq-volunteer status`: the status file as a few readable lines.</summary>
public static class VolunteerStatusText
{
    /// <summary>A daemon that has not updated its file for this long is taken for stopped (it writes every policy sample).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

    /// <summary>Prints the status of the daemon using <paramref name="dataDirectory"/> (or the default ones); 0 if found, 1 if not.</summary>
    public static int Print(string? dataDirectory, bool json, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var candidates = dataDirectory is null ? VolunteerStatusFile.DefaultDirectories() : [dataDirectory];
        foreach (var directory in candidates)
        {
            if (VolunteerStatusFile.Read(directory) is { } status)
            {
                output.Write(json ? VolunteerStatusFile.ToJson(status) + "\n" : Format(status, DateTime.UtcNow, IsAlive(status.ProcessId)));
                return 0;
            }
        }
        error.WriteLine($"no volunteer status found in {string.Join(" or ", candidates)}: is the daemon installed and started? (--data-dir DIR names its data directory)");
        return 1;
    }

    public static string Format(VolunteerStatus status, DateTime utcNow, bool processAlive)
    {
        ArgumentNullException.ThrowIfNull(status);
        var running = processAlive && utcNow - status.UpdatedUtc < StaleAfter;
        var b = new StringBuilder();
        var state = !running ? $"not running (last seen {Ago(utcNow - status.UpdatedUtc)} ago, as {Describe(status)})" : Describe(status);
        Line(b, "state", state);
        Line(b, "coordinator", status.Coordinator);
        Line(b, "host", status.HostId.Length > 0 ? status.HostId : "(not registered yet)");
        if (status.Replica is { } r)
        {
            var resumed = r.ResumedFromOperations > 0 ? $", resumed from a checkpoint after {r.ResumedFromOperations} fused operations" : "";
            Line(b, "replica", $"{r.ReplicaId} of unit {r.UnitId}: {r.Progress * 100:0.0}%{resumed}");
        }
        if (status.LastCheckpoint is { } c)
        {
            Line(b, "checkpoint", $"{c.FusedOperationsDone} of {c.FusedOperationsTotal} fused operations of {c.ReplicaId}, {Ago(utcNow - c.TimeUtc)} ago ({c.Bytes / (1024.0 * 1024):0.#} MiB)");
        }
        Line(b, "lending", $"{status.Threads} thread(s), {status.MemoryBytes / (1024.0 * 1024 * 1024):0.##} GiB");
        Line(b, "completed", $"{status.Completed} replica(s) since the daemon started");
        foreach (var note in status.Notes)
        {
            Line(b, "note", note);
        }
        Line(b, "data", status.DataDirectory);
        Line(b, "updated", $"{Ago(utcNow - status.UpdatedUtc)} ago by process {status.ProcessId}");
        return b.ToString();
    }

    private static string Describe(VolunteerStatus status) => status.State switch
    {
        VolunteerState.Paused => $"paused: {status.PausedReason}",
        var s => s.ToString().ToLowerInvariant(),
    };

    private static void Line(StringBuilder b, string label, string value) => b.Append(label.PadRight(13)).Append(' ').Append(value).Append('\n');

    private static string Ago(TimeSpan t) =>
        t < TimeSpan.Zero ? "0 s"
        : t.TotalSeconds < 120 ? $"{t.TotalSeconds:0} s"
        : t.TotalMinutes < 120 ? $"{t.TotalMinutes:0} min"
        : $"{t.TotalHours:0} h";

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
