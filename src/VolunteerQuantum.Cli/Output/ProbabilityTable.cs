using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Cli.Output;

/// <summary>The most probable basis states of a final state (what `vq simulate` shows for a circuit without measurements).</summary>
internal static class ProbabilityTable
{
    public static IReadOnlyList<(string Bits, double Probability)> Top(StateVector state, int count)
    {
        var best = new PriorityQueue<long, double>();
        var buffer = new double[Math.Min(state.Length, 1 << 16)];
        for (long start = 0; start < state.Length; start += buffer.Length)
        {
            var span = buffer.AsSpan(0, (int)Math.Min(buffer.Length, state.Length - start));
            state.GetProbabilities(start, span);
            for (var i = 0; i < span.Length; i++)
            {
                if (span[i] <= 1e-14)
                {
                    continue;
                }
                if (best.Count < count)
                {
                    best.Enqueue(start + i, span[i]);
                }
                else if (best.TryPeek(out _, out var smallest) && span[i] > smallest)
                {
                    best.EnqueueDequeue(start + i, span[i]);
                }
            }
        }
        var result = new List<(string, double)>();
        while (best.TryDequeue(out var index, out var p))
        {
            result.Add((ClassicalBits.FormatBasisIndex((ulong)index, state.TotalQubits), p));
        }
        result.Reverse();
        return result;
    }
}
