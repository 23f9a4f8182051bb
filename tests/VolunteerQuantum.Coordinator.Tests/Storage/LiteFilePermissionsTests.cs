using VolunteerQuantum.Coordinator.Storage.Backends;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>The LiteDB file holds key digests and every result: its owner's alone, like the key files.</summary>
public sealed class LiteFilePermissionsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vq-perm-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Open_DatabaseFileAndANewDataDirectory_OwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no Unix modes
        }
        var data = Path.Combine(_root, "data");
        using var backend = new LiteBackend(data);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, LiteBackend.FileName)));
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(data) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute));
    }

    [Fact]
    public void Open_AnExistingWorldReadableFile_IsRestricted()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        new LiteBackend(_root).Dispose();
        var path = Path.Combine(_root, LiteBackend.FileName);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using var again = new LiteBackend(_root);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }
}
