using System.Text.Json;

namespace VolunteerQuantum.Volunteer.Identity;

/// <summary>
/// Keeps the host identity in the data directory (owner-readable only), so the daemon registers
/// once per coordinator and keeps its reliability record across restarts.
/// </summary>
public sealed class HostIdentityStore(string dataDirectory)
{
    public string FilePath { get; } = Path.Combine(dataDirectory, "host.json");

    public HostIdentity? Load(string coordinator)
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }
        try
        {
            var identity = JsonSerializer.Deserialize<HostIdentity>(File.ReadAllText(FilePath));
            // An identity from another grid is useless here: register anew.
            return identity is not null && string.Equals(identity.Coordinator, coordinator, StringComparison.OrdinalIgnoreCase) ? identity : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Save(HostIdentity identity)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var temp = FilePath + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(temp, System.Text.Encoding.UTF8, options))
        {
            writer.Write(JsonSerializer.Serialize(identity));
        }
        File.Move(temp, FilePath, overwrite: true);
    }

    public void Forget() => File.Delete(FilePath);
}
