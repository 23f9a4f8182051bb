using System.Globalization;
using Grpc.Core;
using V1 = VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Services;

/// <summary>
/// Range checks of every number a volunteer or researcher sends, at the service edge and before
/// anything is stored: a negative count, a NaN or an infinity is a malformed request
/// (InvalidArgument naming the field), never an arithmetic failure deeper in (Internal). Whether a
/// well-formed result is also a right one (counts adding up to the shots, norm 1) is the result
/// invariants' business: those mark the replica invalid.
/// </summary>
internal static class WireChecks
{
    public static void Check(V1.ResultHeader header)
    {
        long total = 0;
        for (var i = 0; i < header.Counts.Count; i++)
        {
            var count = NonNegative(header.Counts[i].Count, $"counts[{i}].count");
            // Counts sum to the shots (at most ProjectPlanner.MaxShots), so a sum past 2^63 is a lie.
            total = total > long.MaxValue - count ? throw Invalid("counts", "add up to more than 2^63 - 1") : total + count;
        }
        for (var i = 0; i < header.Amplitudes.Count; i++)
        {
            Finite(header.Amplitudes[i].Value, $"amplitudes[{i}].value");
        }
        for (var i = 0; i < header.Expectations.Count; i++)
        {
            Finite(header.Expectations[i].Value, $"expectations[{i}].value");
        }
        for (var i = 0; i < header.Moments.Count; i++)
        {
            NonNegative(header.Moments[i].Count, $"moments[{i}].count");
            Finite(header.Moments[i].Sum, $"moments[{i}].sum");
            FiniteNonNegative(header.Moments[i].SumOfSquares, $"moments[{i}].sum_of_squares");
        }
        for (var i = 0; i < header.Sketches.Count; i++)
        {
            Finite(header.Sketches[i], $"sketches[{i}]");
        }
        FiniteNonNegative(header.NormSquared, "norm_squared");
        FiniteNonNegative(header.PathAbsSum, "path_abs_sum");
        // The exact length a unit's state must have is checked against the unit itself.
        NonNegative(header.StateLength, "state_length");
        NonNegative(header.GatesApplied, "gates_applied");
        FiniteNonNegative(header.ComputeSeconds, "compute_seconds");
    }

    /// <summary>Negative or non-finite capabilities are refused; implausible sizes are not this check's business.</summary>
    public static void Check(V1.HostCapabilities? capabilities)
    {
        if (capabilities is null)
        {
            return;
        }
        NonNegative(capabilities.LogicalCores, "capabilities.logical_cores");
        NonNegative(capabilities.MemoryBytes, "capabilities.memory_bytes");
        NonNegative(capabilities.SimdWidthBits, "capabilities.simd_width_bits");
        FiniteNonNegative(capabilities.AmplitudeUpdatesPerSecond, "capabilities.amplitude_updates_per_second");
    }

    public static void Check(V1.HeartbeatRequest request)
    {
        var progress = Finite(request.Progress, "progress");
        if (progress is < 0 or > 1)
        {
            throw Invalid("progress", $"must be a fraction between 0 and 1, got {Show(progress)}");
        }
        NonNegative(request.ResumedFromOperations, "resumed_from_operations");
    }

    /// <summary>
    /// What the wire allows but no submission means: negative sizes, unknown enum values, NaN. The
    /// planner checks the upper bounds and how the options fit together.
    /// </summary>
    public static void Check(V1.SubmitProjectRequest request)
    {
        NonNegative(request.Shots, "shots");
        NonNegative(request.ShotsPerUnit, "shots_per_unit");
        NonNegative(request.MinQuorum, "min_quorum");
        NonNegative(request.MaxReplicas, "max_replicas");
        NonNegative(request.MaxUnitMemoryBytes, "max_unit_memory_bytes");
        NonNegative(request.Trajectories, "trajectories");
        NonNegative(request.TrajectoriesPerUnit, "trajectories_per_unit");
        var fraction = Finite(request.AcceptPathFraction, "accept_path_fraction");
        if (fraction is < 0 or > 1)
        {
            throw Invalid("accept_path_fraction", $"must be between 0 and 1, got {Show(fraction)}");
        }
        if (!Enum.IsDefined(request.Precision))
        {
            throw Invalid("precision", $"has no value {(int)request.Precision}");
        }
        if (!Enum.IsDefined(request.Strategy))
        {
            throw Invalid("strategy", $"has no value {(int)request.Strategy}");
        }
        foreach (var (name, value) in request.Parameters)
        {
            Finite(value, $"parameters['{name}']");
        }
        for (var s = 0; s < request.Sweeps.Count; s++)
        {
            var values = request.Sweeps[s].Values;
            for (var v = 0; v < values.Count; v++)
            {
                Finite(values[v], $"sweeps[{s}].values[{v}]");
            }
        }
    }

    private static long NonNegative(long value, string field) =>
        value >= 0 ? value : throw Invalid(field, $"must not be negative, got {value}");

    private static double Finite(double value, string field) =>
        double.IsFinite(value) ? value : throw Invalid(field, $"must be a finite number, got {Show(value)}");

    private static void Finite(V1.ComplexNumber? value, string field)
    {
        if (value is not null)
        {
            Finite(value.Re, field + ".re");
            Finite(value.Im, field + ".im");
        }
    }

    private static double FiniteNonNegative(double value, string field) =>
        Finite(value, field) >= 0 ? value : throw Invalid(field, $"must not be negative, got {Show(value)}");

    private static string Show(double value) => value.ToString("G17", CultureInfo.InvariantCulture);

    private static RpcException Invalid(string field, string problem) => new(new Status(StatusCode.InvalidArgument, $"{field} {problem}"));
}
