using System.Text.Json;

namespace VolunteerQuantum.Volunteer.Identity;

/// <summary>
/// Keeps the host identity in the data directory (owner-readable only), so the daemon registers
/// once per coordinator and keeps its reliability record across restarts.
/// </summary>
public sealed class HostIdentityStore(string dataDirectory)
{
    public string FilePath { get; } = Path.Combine(dataDirectory, "host.json");

    /// <param name="coordinator">The configured address or list: an identity from any coordinator in it is this grid's.</param>
    public HostIdentity? Load(string coordinator)
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }
        try
        {
            var identity = JsonSerializer.Deserialize<HostIdentity>(File.ReadAllText(FilePath));
            // An identity from another grid is useless here: register anew. The coordinators of a
            // list share one store, so the one that registered the host need not be the first.
            return identity is not null && Connection.CoordinatorAddresses.Overlap(coordinator, identity.Coordinator) ? identity : null;
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
