using VolunteerQuantum.Grid.Paths;
using VolunteerQuantum.Grid.Results;

namespace VolunteerQuantum.Grid.Execution;

/// <summary>Computes one <c>paths</c> unit on a volunteer: the partial sums of its range of paths.</summary>
public static class PathsUnitExecutor
{
    public static UnitOutcome Execute(PathProgram program, ulong firstPath, ulong count, IReadOnlyList<string> amplitudes, bool singlePrecision, ExecutionLimits limits, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(amplitudes);
        ArgumentNullException.ThrowIfNull(limits);
        var indices = amplitudes.Select(bits => bits.Length == program.Qubits && bits.All(c => c is '0' or '1')
            ? Convert.ToInt64(bits, 2)
            : throw new FormatException($"amplitude '{bits}' is not a bitstring of {program.Qubits} characters")).ToArray();
        var outcome = PathsExecutor.Execute(program, firstPath, count, indices, new PathsOptions
        {
            SinglePrecision = singlePrecision,
            Threads = limits.Threads > 0 ? limits.Threads : Environment.ProcessorCount,
            MaxMemoryBytes = limits.MaxMemoryBytes,
        }, progress, cancellationToken);
        return new UnitOutcome(new UnitResult
        {
            Amplitudes = amplitudes.Select((bits, i) => (bits, outcome.PartialSums[i])).ToDictionary(p => p.bits, p => p.Item2, StringComparer.Ordinal),
            PathAbsSum = outcome.AbsSum,
            GatesApplied = outcome.GatesApplied,
            ComputeSeconds = outcome.Elapsed.TotalSeconds,
        }, null);
    }
}
