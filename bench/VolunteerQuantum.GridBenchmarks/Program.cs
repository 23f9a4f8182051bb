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
          throughput [--volunteers 64] [--seconds 10] [--units 10000] [--watchers 0] [--timeout 300] [GRID]
                                                        work requests/s and p50/p99 latency over loopback in the first
                                                        seconds, then on until the project (a sweep of --units points) completes; checks its result
          heartbeats [--volunteers 64] [--seconds 10] [GRID]
                                                        heartbeats/s and p50/p99 latency, one lease per volunteer
            GRID: [--store lite|postgres] [--coordinators 1|2]  LiteDB (default), or a throwaway PostgreSQL cluster
                  with 1 or 2 coordinators on one database and one blob directory, the volunteers dealt out evenly;
                  [--log LEVEL] shows the coordinators' logs at LEVEL and above on stderr (default: none)
          upload [--qubits 24]                          result upload MB/s against a plain copy of the same bytes
          overhead [FILE.qasm] [--shots 1024]           vq run (embedded grid) against vq simulate, as processes
          shards [--qubits 24] [--local 20]             a sharded run on an embedded grid of 2 volunteers against one whole simulation
          paths [--layers 4] [--cuts 4]                 paths per second per core on a 40-qubit two-block circuit
        """);
    return 2;
}
