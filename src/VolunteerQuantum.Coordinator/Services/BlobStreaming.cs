using Google.Protobuf;
using Grpc.Core;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Services;

/// <summary>Sends a stream as DataChunk messages of a fixed size (large payloads never travel as one message).</summary>
internal static class BlobStreaming
{
    public static async Task CopyToAsync(Stream source, IServerStreamWriter<DataChunk> target, int chunkBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[chunkBytes];
        int read;
        while ((read = await source.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken)) > 0)
        {
            await target.WriteAsync(new DataChunk { Data = ByteString.CopyFrom(buffer, 0, read) }, cancellationToken);
        }
    }
}
