using VolunteerQuantum.GridBenchmarks;

return args.FirstOrDefault() switch
{
    "throughput" => await ThroughputBenchmark.RunAsync(args[1..]),
    "heartbeats" => await HeartbeatBenchmark.RunAsync(args[1..]),
    "upload" => await UploadBenchmark.RunAsync(args[1..]),
    "overhead" => await OverheadBenchmark.RunAsync(args[1..]),
    "shards" => await ShardsBenchmark.RunAsync(args[1..]),
    "paths" => PathsBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project bench/VolunteerQuantum.GridBenchmarks -- MODE [options]
          throughput [--volunteers 64] [--seconds 10]   work requests/s and p50/p99 latency over loopback
          heartbeats [--volunteers 64] [--seconds 10]   heartbeats/s and p50/p99 latency, one lease per volunteer
          upload [--qubits 24]                          result upload MB/s against a plain copy of the same bytes
          overhead [FILE.qasm] [--shots 1024]           vq run (embedded grid) against vq simulate, as processes
          shards [--qubits 24] [--local 20]             a sharded run on an embedded grid of 2 volunteers against one whole simulation
          paths [--layers 4] [--cuts 4]                 paths per second per core on a 40-qubit two-block circuit
        """);
    return 2;
}
