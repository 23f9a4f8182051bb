using VolunteerQuantum.Coordinator.Blobs;

namespace VolunteerQuantum.Coordinator.Stages;

/// <summary>A write-only stream over a blob being written (commit it after the stream is done).</summary>
internal sealed class BlobWriterStream(IBlobWriter writer) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => writer.Length;
    public override long Position { get => writer.Length; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => writer.Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => writer.Write(buffer);

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
