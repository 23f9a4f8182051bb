using VolunteerQuantum.GridBenchmarks;

return args.FirstOrDefault() switch
{
    "throughput" => await ThroughputBenchmark.RunAsync(args[1..]),
    "upload" => await UploadBenchmark.RunAsync(args[1..]),
    "overhead" => await OverheadBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project bench/VolunteerQuantum.GridBenchmarks -- MODE [options]
          throughput [--volunteers 64] [--seconds 10]   work requests/s and p50/p99 latency over loopback
          upload [--qubits 24]                          result upload MB/s against a plain copy of the same bytes
          overhead [FILE.qasm] [--shots 1024]           vq run (embedded grid) against vq simulate, as processes
        """);
    return 2;
}
