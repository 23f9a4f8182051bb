using BenchmarkDotNet.Running;
using VolunteerQuantum.Benchmarks;

if (args.Length > 0 && args[0] == "profile")
{
    return FusionProfileRunner.Run(args[1..]);
}
if (args.Length > 0 && args[0] == "kernels")
{
    return KernelTimingRunner.Run(args[1..]);
}
if (args.Length > 0 && args[0] == "noise")
{
    return NoiseBenchmarkRunner.Run(args[1..]);
}
if (args.Length > 0 && args[0] == "circuits")
{
    return CircuitBenchmarkRunner.Run(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(Perf_Kernels).Assembly).Run(args);
return 0;
