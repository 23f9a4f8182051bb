using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Google.Protobuf;
using VolunteerQuantum.Grid.Sketches;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.GridBenchmarks;

/// <summary>
/// Result upload throughput: one volunteer streams an n-qubit state (|0…0⟩, with correct sketches)
/// to the coordinator, which hashes it, writes it to the blob store, re-sketches it and checks its
/// norm. Reported against a plain in-memory copy of the same bytes measured in the same run.
/// </summary>
internal static class UploadBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var qubits = ThroughputBenchmark.Option(args, "--qubits", 24);
        await using var grid = await BenchmarkCoordinator.StartAsync();
        var projects = new ProjectService.ProjectServiceClient(grid.Channel);
        await projects.SubmitAsync(new SubmitProjectRequest
        {
            Qasm = $"OPENQASM 2.0;\nqreg q[{qubits}];\n",
            FileName = "zero.qasm",
            ReturnState = true,
            MinQuorum = 1,
        }, grid.ApiHeaders);
        var (_, headers) = await grid.RegisterAsync("uploader");
        var client = new VolunteerService.VolunteerServiceClient(grid.Channel);
        var assignment = (await client.RequestWorkAsync(new WorkRequest { Capabilities = BenchmarkCoordinator.Capabilities() }, headers)).Assignment;

        var bytes = 16L << qubits;
        var state = new byte[bytes];
        BitConverter.TryWriteBytes(state.AsSpan(0, 8), 1.0);
        var seeds = assignment.Task.SketchSeeds.ToArray();
        var (sketches, norm) = StateSketcher.Sketch([state], singlePrecision: false, seeds);
        var header = new ResultHeader
        {
            ReplicaId = assignment.ReplicaId,
            Outcome = ResultOutcome.Success,
            NormSquared = norm,
            StateLength = bytes,
            StateFormat = "c16",
        };
        header.Sketches.AddRange(sketches.Select(s => new ComplexNumber { Re = s.Real, Im = s.Imaginary }));
        var sha = Convert.ToHexStringLower(SHA256.HashData(state));

        var copy = new byte[bytes];
        var copySeconds = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var c = Stopwatch.StartNew();
            state.AsSpan().CopyTo(copy);
            copySeconds = Math.Min(copySeconds, c.Elapsed.TotalSeconds);
        }

        // The durable floor: the coordinator must have the state on disk (fsync) before it acknowledges.
        var diskSeconds = double.MaxValue;
        var scratch = Path.Combine(grid.Directory, "scratch.bin");
        for (var i = 0; i < 2; i++)
        {
            var d = Stopwatch.StartNew();
            using (var f = new FileStream(scratch, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                for (long offset = 0; offset < bytes; offset += 1 << 20)
                {
                    f.Write(state, (int)offset, (int)Math.Min(1 << 20, bytes - offset));
                }
                f.Flush(flushToDisk: true);
            }
            diskSeconds = Math.Min(diskSeconds, d.Elapsed.TotalSeconds);
            File.Delete(scratch);
        }

        var clock = Stopwatch.StartNew();
        using (var call = client.SubmitResult(headers))
        {
            await call.RequestStream.WriteAsync(new ResultPart { Header = header });
            const int chunk = 1 << 20;
            for (long offset = 0; offset < bytes; offset += chunk)
            {
                await call.RequestStream.WriteAsync(new ResultPart { Data = UnsafeByteOperations.UnsafeWrap(state.AsMemory((int)offset, (int)Math.Min(chunk, bytes - offset))) });
            }
            await call.RequestStream.WriteAsync(new ResultPart { Trailer = new ResultTrailer { Sha256 = sha } });
            await call.RequestStream.CompleteAsync();
            await call;
        }
        var uploadSeconds = clock.Elapsed.TotalSeconds;
        var info = (await projects.ListProjectsAsync(new ListProjectsRequest(), grid.ApiHeaders)).Projects[0];
        var mib = bytes / (double)(1 << 20);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{qubits}-qubit state, {mib:0} MiB: upload + hash + store + re-sketch {uploadSeconds:0.000} s = {mib / uploadSeconds:0} MiB/s (project {info.State.ToString().ToLowerInvariant()})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  plain copy in memory {copySeconds * 1e3:0.0} ms = {mib / copySeconds:0} MiB/s: upload is {uploadSeconds / copySeconds:0}x slower"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  write + fsync of the same bytes {diskSeconds:0.000} s = {mib / diskSeconds:0} MiB/s: upload is {uploadSeconds / diskSeconds:0.0}x the durable floor"));
        GC.KeepAlive(MemoryMarshal.AsBytes(copy.AsSpan()).Length);
        return 0;
    }
}
