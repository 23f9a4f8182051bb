using VolunteerQuantum.Volunteer.Identity;

namespace VolunteerQuantum.Volunteer.Tests;

public sealed class HostIdentityStoreTests
{
    [Fact]
    public void SaveThenLoad_SameCoordinator_RoundTrips_OwnerOnlyPermissions()
    {
        var dir = Directory.CreateTempSubdirectory("vq-id-").FullName;
        var store = new HostIdentityStore(dir);
        store.Save(new HostIdentity("http://grid:7070", "h1", "secret"));
        Assert.Equal(new HostIdentity("http://grid:7070", "h1", "secret"), store.Load("http://grid:7070"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
        }
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Load_IdentityOfAnotherCoordinator_OrCorruptFile_IsNull()
    {
        var dir = Directory.CreateTempSubdirectory("vq-id-").FullName;
        var store = new HostIdentityStore(dir);
        store.Save(new HostIdentity("http://grid:7070", "h1", "secret"));
        Assert.Null(store.Load("http://other:7070"));
        File.WriteAllText(store.FilePath, "{ not json");
        Assert.Null(store.Load("http://grid:7070"));
        Directory.Delete(dir, recursive: true);
    }
}
