using System.Text.Json;
using System.Text.Json.Serialization;

namespace VolunteerQuantum.Volunteer.Reporting;

/// <summary>
/// status.json in the data directory: written whole to a temporary file and renamed over the old
/// one, so a reader never sees half a file.
/// </summary>
public static class VolunteerStatusFile
{
    public const string FileName = "status.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    public static void Write(string dataDirectory, VolunteerStatus status)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = PathIn(dataDirectory);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(status, Json));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The status, or null when there is none (or it cannot be read).</summary>
    public static VolunteerStatus? Read(string dataDirectory)
    {
        try
        {
            return JsonSerializer.Deserialize<VolunteerStatus>(File.ReadAllText(PathIn(dataDirectory)), Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    public static string ToJson(VolunteerStatus status) => JsonSerializer.Serialize(status, Json);

    /// <summary>
    /// Where to look when no data directory is given: the current user's default, then the system
    /// service's (the installers' data directory on each platform).
    /// </summary>
    public static IReadOnlyList<string> DefaultDirectories() =>
    [
        VolunteerOptions.DefaultDataDirectory(),
        OperatingSystem.IsWindows() ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "VolunteerQuantum", "volunteer")
            : OperatingSystem.IsMacOS() ? "/Library/Application Support/VolunteerQuantum/volunteer"
            : "/var/lib/volunteerquantum",
    ];
}
