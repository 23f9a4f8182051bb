namespace VolunteerQuantum.Volunteer.Checkpoints;

/// <summary>A checkpoint on disk: its path, header and the assignment it continues (protobuf bytes).</summary>
public sealed record StoredCheckpoint(string Path, CheckpointHeader Header, byte[] Assignment);
