namespace VolunteerQuantum.Coordinator.Blobs;

/// <summary>What a blob's name is, in every <see cref="IBlobStore"/>: the lowercase hex SHA-256 of its bytes.</summary>
public static class BlobNames
{
    public static bool IsValid(string? sha256) =>
        sha256 is { Length: 64 } && sha256.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
