using VolunteerQuantum.Coordinator.Blobs;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>The directory blob store's side of reaping: ages, re-puts, holds, and what counts as a blob.</summary>
public sealed class DirectoryBlobStoreTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("vq-blobs-");

    public void Dispose() => _directory.Delete(recursive: true);

    private static readonly DateTime AnHourAgo = DateTime.UtcNow.AddHours(-1);

    private (DirectoryBlobStore Blobs, string Name) OldBlob(byte[] bytes)
    {
        var blobs = new DirectoryBlobStore(_directory.FullName);
        var name = blobs.Put(bytes);
        File.SetLastWriteTimeUtc(blobs.PathOf(name), AnHourAgo);
        return (blobs, name);
    }

    [Fact]
    public void DeleteIfUnchangedSince_OldBlob_DeletedWithItsLength()
    {
        var (blobs, name) = OldBlob([1, 2, 3]);
        Assert.Equal(3, blobs.DeleteIfUnchangedSince(name, DateTime.UtcNow.AddMinutes(-10)));
        Assert.False(blobs.Exists(name));
        Assert.Null(blobs.DeleteIfUnchangedSince(name, DateTime.UtcNow));
    }

    [Fact]
    public void DeleteIfUnchangedSince_OldBlobPutAgainAfterTheCutoff_Kept()
    {
        // Content addressing: the second Put writes nothing, yet its caller now relies on the blob.
        var (blobs, name) = OldBlob([4, 5, 6]);
        var cutoff = DateTime.UtcNow.AddMinutes(-10);
        Assert.Equal(name, blobs.Put([4, 5, 6]));
        Assert.Null(blobs.DeleteIfUnchangedSince(name, cutoff));
        Assert.True(blobs.Exists(name));
    }

    [Fact]
    public void DeleteIfUnchangedSince_BlobWrittenAfterTheCutoff_Kept()
    {
        var blobs = new DirectoryBlobStore(_directory.FullName);
        var cutoff = DateTime.UtcNow.AddMinutes(-1);
        var name = blobs.Put([7]);
        Assert.Null(blobs.DeleteIfUnchangedSince(name, cutoff));
        Assert.True(blobs.Exists(name));
    }

    [Fact]
    public void EnumerateNames_OnlyBlobs_NeverTemporaryOrForeignFiles()
    {
        var blobs = new DirectoryBlobStore(_directory.FullName);
        var name = blobs.Put([8, 9]);
        using var writing = blobs.BeginWrite();
        writing.Write([10]);
        var folder = Path.GetDirectoryName(blobs.PathOf(name))!;
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "an operator's file");
        Assert.Equal(new[] { name }, blobs.EnumerateNames());
    }

    [Fact]
    public void Hold_OldestHoldUtc_WhileOpenOnly()
    {
        var blobs = new DirectoryBlobStore(_directory.FullName);
        Assert.Null(blobs.OldestHoldUtc);
        var before = DateTime.UtcNow;
        var first = blobs.Hold();
        using (blobs.Hold())
        {
            Assert.InRange(blobs.OldestHoldUtc!.Value, before, DateTime.UtcNow);
        }
        Assert.NotNull(blobs.OldestHoldUtc);
        first.Dispose();
        Assert.Null(blobs.OldestHoldUtc);
    }
}
