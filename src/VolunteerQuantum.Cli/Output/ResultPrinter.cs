using System.Globalization;
using System.Numerics;
using VolunteerQuantum.Grid.Results;

namespace VolunteerQuantum.Cli.Output;

/// <summary>Prints a result document for people: the circuit, the run, counts, amplitudes, expectations, verification.</summary>
internal static class ResultPrinter
{
    /// <summary>Most counts rows printed; the rest are summarised (the JSON has them all).</summary>
    public const int MaxRows = 20;

    public static void Print(TextWriter o, ResultDocument d)
    {
        var c = d.Circuit;
        o.WriteLine(TerminalText.Clean($"circuit       {c.File}: {c.Qubits} qubits, {c.Clbits} clbits, {c.Gates} gates"));
        var run = string.Join(", ", d.Run.Where(kv => kv.Key is not ("project" or "plan" or "strategy")).Select(kv => $"{kv.Key} {kv.Value}"));
        var timings = string.Join(", ", d.Timings.Select(kv => $"{kv.Key} {Seconds(kv.Value)}"));
        o.WriteLine(TerminalText.Clean($"run           {d.Precision} precision, seed {d.Seed}" + (run.Length > 0 ? $", {run}" : "")));
        if (timings.Length > 0)
        {
            o.WriteLine(TerminalText.Clean($"time          {timings}"));
        }
        if (d.Run.TryGetValue("project", out var project))
        {
            o.WriteLine(TerminalText.Clean($"project       {project}"));
        }
        if (d.Run.TryGetValue("plan", out var plan))
        {
            o.WriteLine(TerminalText.Clean($"plan          {plan}"));
        }
        foreach (var warning in d.Warnings)
        {
            o.WriteLine(TerminalText.Clean($"warning       {warning}"));
        }
        foreach (var point in d.Points)
        {
            if (d.Swept)
            {
                o.WriteLine();
                o.WriteLine(TerminalText.Clean("point         " + string.Join(", ", point.Parameters.Select(kv => $"{kv.Key} = {kv.Value.ToString("G10", CultureInfo.InvariantCulture)}"))));
            }
            PrintPoint(o, point);
        }
        if (d.Verification is { } v)
        {
            o.WriteLine();
            o.WriteLine(TerminalText.Clean($"verified      {v.Units} unit(s), each by at least {v.MinQuorum} distinct volunteers (hosts per unit: {string.Join(" ", v.HostsPerUnit.Distinct().Order())})"));
            o.WriteLine($"              replicas: {v.ReplicasValid} valid, {v.ReplicasInvalid} invalid, {v.ReplicasErrored} errors, {v.ReplicasTimedOut} timed out; "
                + $"{v.UnitsAgreed} unit(s) agreed at once, {v.UnitsDisputed} disputed; {v.HostsContributing} host(s) contributed");
        }
    }

    private static void PrintPoint(TextWriter o, ResultPoint p)
    {
        if (p.Trajectories is { } trajectories)
        {
            o.WriteLine(TerminalText.Clean($"trajectories  {trajectories}"));
        }
        if (p.Counts is { } counts)
        {
            o.WriteLine(TerminalText.Clean($"counts        {p.Shots} shots, {counts.Count} distinct outcome(s)"));
            var width = Math.Max(3, counts.Keys.DefaultIfEmpty("").Max(k => k.Length));
            foreach (var (key, n) in counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(MaxRows))
            {
                var shown = key.Length == 0 ? "(no clbits)" : key;
                o.WriteLine(TerminalText.Clean($"  {shown.PadRight(width)}  {n,10}  {100.0 * n / Math.Max(1, p.Shots),7:0.00}%"));
            }
            if (counts.Count > MaxRows)
            {
                o.WriteLine(TerminalText.Clean($"  … {counts.Count - MaxRows} more (use --json for all)"));
            }
        }
        if (p.Amplitudes is { Count: > 0 } amplitudes)
        {
            o.WriteLine("amplitudes");
            foreach (var (bits, a) in amplitudes)
            {
                o.WriteLine(TerminalText.Clean($"  {bits}  {Complex(a)}   |a|² = {Fixed(a.Magnitude * a.Magnitude, 10)}"));
            }
        }
        if (p.Expectations is { Count: > 0 } expectations)
        {
            o.WriteLine(p.ExpectationErrors is null ? "expectations" : "expectations  (± one standard error of the trajectory mean)");
            var width = expectations.Keys.Max(k => k.Length);
            foreach (var (observable, value) in expectations)
            {
                var error = p.ExpectationErrors?.GetValueOrDefault(observable) is { } se ? $" ± {Fixed(se, 12)}" : "";
                o.WriteLine(TerminalText.Clean($"  ⟨{observable}⟩{new string(' ', width - observable.Length)}  {Fixed(value, 12)}{error}"));
            }
        }
        if (p.Probabilities is { Count: > 0 } probabilities)
        {
            o.WriteLine(TerminalText.Clean($"probabilities (most likely {Math.Min(MaxRows, probabilities.Count)} of {probabilities.Count})"));
            foreach (var (bits, probability) in probabilities.OrderByDescending(kv => kv.Value).Take(MaxRows))
            {
                o.WriteLine(TerminalText.Clean($"  {bits}  {probability.ToString("0.000000000", CultureInfo.InvariantCulture)}"));
            }
            if (probabilities.Count > MaxRows)
            {
                o.WriteLine(TerminalText.Clean($"  … {probabilities.Count - MaxRows} more (use --json for all)"));
            }
        }
        if (p.State is { } state)
        {
            o.WriteLine(TerminalText.Clean($"state         {state}"));
        }
    }

    public static string Complex(Complex a) =>
        $"{a.Real.ToString("+0.000000000;-0.000000000", CultureInfo.InvariantCulture)} {(a.Imaginary < 0 ? '-' : '+')} {Math.Abs(a.Imaginary).ToString("0.000000000", CultureInfo.InvariantCulture)}i";

    /// <summary>
    /// A value with a fixed number of decimals, as a person reads a table: never E-notation (an exact
    /// zero computed as 2.2e-16 reads 0.000000000000), and never "-0".
    /// </summary>
    public static string Fixed(double value, int decimals)
    {
        var rounded = Math.Round(value, decimals);
        return (rounded == 0 ? 0.0 : rounded).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    public static string Seconds(double s) => s switch
    {
        < 1e-3 => $"{s * 1e6:0} µs",
        < 1 => $"{s * 1e3:0.0} ms",
        _ => $"{s:0.000} s",
    };
}
