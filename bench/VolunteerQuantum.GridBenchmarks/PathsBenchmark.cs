using System.Diagnostics;
using System.Globalization;
using System.Text;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Grid.Paths;

namespace VolunteerQuantum.GridBenchmarks;

/// <summary>
/// The `paths` strategy's unit of work: a 40-qubit circuit of two 20-qubit random blocks joined by
/// a few CZs in the middle, every path summed on one thread, prefix caching within the 2^22-amplitude
/// budget the acceptance test allows a volunteer. Reports paths per second per core.
/// </summary>
internal static class PathsBenchmark
{
    public static int Run(string[] args)
    {
        var layers = ThroughputBenchmark.Option(args, "--layers", 4);
        var cuts = ThroughputBenchmark.Option(args, "--cuts", 4);
        var circuit = QasmParser.Parse(TwoBlocks(layers, cuts, seed: 1));
        var plan = CutPlanner.Plan(circuit, 20) ?? throw new InvalidOperationException("no cut");
        var program = PathProgram.Build(circuit, plan);
        var options = new PathsOptions { Threads = 1, MaxMemoryBytes = 16L << 22 };
        var clock = Stopwatch.StartNew();
        var outcome = PathsExecutor.Execute(program, 0, (ulong)plan.PathCount, [0L, (1L << 40) - 1], options, null, CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"40 qubits, {circuit.GateCount} gates, cut: {plan.Description}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {outcome.PathsDone} paths in {seconds:0.00} s on one thread = {outcome.PathsDone / seconds:0.00} paths/s per core ({PathsExecutor.MemoryBytes(program, options) >> 20} MiB per unit)"));
        return 0;
    }

    /// <summary>Random rx/ry layers and CZs on q0..q19 and q20..q39, a few CZs between the blocks, more layers.</summary>
    private static string TwoBlocks(int layers, int cuts, int seed)
    {
        var random = new Random(seed);
        var b = new StringBuilder("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[40];\n");
        void Layers()
        {
            for (var layer = 0; layer < layers; layer++)
            {
                for (var q = 0; q < 40; q++)
                {
                    b.Append(CultureInfo.InvariantCulture, $"{(random.Next(2) == 0 ? "rx" : "ry")}({random.NextDouble() * 3:R}) q[{q}];\n");
                }
                for (var block = 0; block < 40; block += 20)
                {
                    for (var q = block + (layer % 2); q + 1 < block + 20; q += 2)
                    {
                        b.Append(CultureInfo.InvariantCulture, $"cz q[{q}],q[{q + 1}];\n");
                    }
                }
            }
        }
        Layers();
        for (var i = 0; i < cuts; i++)
        {
            b.Append(CultureInfo.InvariantCulture, $"cz q[{19 - i}],q[{20 + i}];\n");
        }
        Layers();
        return b.ToString();
    }
}
