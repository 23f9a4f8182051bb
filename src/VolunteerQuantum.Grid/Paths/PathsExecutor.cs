using System.Diagnostics;
using System.Numerics;
using VolunteerQuantum.Grid.Sketches;
using VolunteerQuantum.Simulation;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Grid.Paths;

/// <summary>
/// Sums a range of Schrödinger–Feynman paths on a volunteer: for each path, the two half-states
/// (engine calls on whole 2^|A| and 2^|B| states, 0 global qubits), then ⟨x_A|ψ_A⟩·⟨x_B|ψ_B⟩ for every
/// requested basis index x. Sums are compensated (Neumaier), so a unit of many paths loses no accuracy
/// to their order.
/// </summary>
public static class PathsExecutor
{
    /// <summary>Progress reports per unit at most (each is a callback; paths can be very fast).</summary>
    private const ulong ProgressSteps = 1000;

    /// <summary>
    /// Sums paths [firstPath, firstPath + count) (mixed-radix over <see cref="PathProgram.TermsPerCut"/>, last cut
    /// fastest) for each logical basis index in <paramref name="amplitudeIndices"/>.
    /// </summary>
    /// <exception cref="StateTooLargeException">Not even one state per half fits the memory limit.</exception>
    public static PathsOutcome Execute(PathProgram program, ulong firstPath, ulong count, IReadOnlyList<long> amplitudeIndices,
        PathsOptions options, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(amplitudeIndices);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1);
        var clock = Stopwatch.StartNew();
        var radices = program.TermsPerCut;
        var digits = PathIndex.Digits(firstPath, radices);
        if (count > 0 && (digits is null || firstPath + count < firstPath || PathIndex.Digits(firstPath + count - 1, radices) is null))
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"paths [{firstPath}, {firstPath}+{count}) go past the program's {program.PathCount:R} paths");
        }
        var (indicesA, indicesB) = SplitIndices(program, amplitudeIndices);
        var sums = new (NeumaierSum Re, NeumaierSum Im)[amplitudeIndices.Count];
        var abs = new NeumaierSum();
        long gates = 0;
        if (count > 0)
        {
            var layout = PrefixCacheLayout.For(program, options);
            if (!layout.Fits)
            {
                throw new StateTooLargeException(
                    $"a paths unit needs at least {layout.MinimumBytes:N0} bytes (one state of each half: {program.QubitsA.Count} and {program.QubitsB.Count} qubits, "
                    + $"{(options.SinglePrecision ? "single" : "double")} precision), but the memory limit allows {layout.LimitBytes:N0} bytes; "
                    + "use single precision, a cut with smaller halves, or raise the limit");
            }
            var precision = options.SinglePrecision ? Precision.Single : Precision.Double;
            var budget = new MemoryBudget(layout.LimitBytes);
            var simulator = new Simulator(new SimulationOptions { Precision = precision, Threads = options.Threads });
            using var a = new HalfStateEvaluator(program.A, layout.LevelsA, precision, budget, simulator);
            using var b = new HalfStateEvaluator(program.B, layout.LevelsB, precision, budget, simulator);
            var step = Math.Max(1, count / ProgressSteps);
            var changed = 0;
            for (ulong p = 0; p < count; p++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                gates += a.Evaluate(digits!, changed, cancellationToken);
                gates += b.Evaluate(digits!, changed, cancellationToken);
                for (var i = 0; i < sums.Length; i++)
                {
                    var term = a.State.GetAmplitude(indicesA[i]) * b.State.GetAmplitude(indicesB[i]);
                    sums[i].Re.Add(term.Real);
                    sums[i].Im.Add(term.Imaginary);
                    abs.Add(term.Magnitude);
                }
                if ((p + 1) % step == 0 || p + 1 == count)
                {
                    progress?.Report((double)(p + 1) / count);
                }
                changed = PathIndex.Increment(digits!, radices);
            }
        }
        var partial = sums.Select(s => new Complex(s.Re.Value, s.Im.Value)).ToArray();
        return new PathsOutcome(partial, abs.Value, count, gates, clock.Elapsed);
    }

    /// <summary>
    /// The most memory <see cref="Execute"/> allocates for this program: one state per half plus the prefix
    /// caches the limit allows. Where even one state per half does not fit, the minimum (above the limit).
    /// </summary>
    public static long MemoryBytes(PathProgram program, PathsOptions options)
    {
        var layout = PrefixCacheLayout.For(program, options);
        return layout.Fits ? layout.TotalBytes : layout.MinimumBytes;
    }

    /// <summary>Each logical index as its two local indices: bit i of x_A is bit QubitsA[i] of x.</summary>
    private static (long[] A, long[] B) SplitIndices(PathProgram program, IReadOnlyList<long> indices)
    {
        var a = new long[indices.Count];
        var b = new long[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            var x = indices[i];
            if (x < 0 || x >= 1L << program.Qubits)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), x, $"amplitude index is outside [0, 2^{program.Qubits})");
            }
            a[i] = Gather(x, program.QubitsA);
            b[i] = Gather(x, program.QubitsB);
        }
        return (a, b);
    }

    private static long Gather(long x, IReadOnlyList<int> qubits)
    {
        long local = 0;
        for (var i = 0; i < qubits.Count; i++)
        {
            local |= ((x >> qubits[i]) & 1) << i;
        }
        return local;
    }
}
