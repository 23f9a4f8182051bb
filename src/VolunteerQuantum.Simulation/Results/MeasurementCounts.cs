using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Simulation.Results;

/// <summary>How many shots ended in each classical memory value.</summary>
public sealed class MeasurementCounts
{
    public MeasurementCounts(int clbitCount, IReadOnlyDictionary<ClbitValue, long> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ClbitCount = clbitCount;
        Values = values;
        Shots = values.Values.Sum();
    }

    public int ClbitCount { get; }

    public long Shots { get; }

    /// <summary>Counts keyed by the classical memory (clbit i = bit i).</summary>
    public IReadOnlyDictionary<ClbitValue, long> Values { get; }

    /// <summary>Counts keyed by the memory as an integer (for ≤ 64 clbits).</summary>
    public IReadOnlyDictionary<ulong, long> ToUInt64Keys() => Values.ToDictionary(kv => kv.Key.ToUInt64(), kv => kv.Value);

    /// <summary>Counts under keys of the caller's choosing (the formatter hook).</summary>
    public IReadOnlyDictionary<string, long> Format(Func<ClbitValue, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (value, count) in Values)
        {
            var key = formatter(value);
            result[key] = result.GetValueOrDefault(key) + count;
        }
        return result;
    }

    /// <summary>Qiskit keys: cregs in reverse declaration order, space separated, each MSB-left.</summary>
    public IReadOnlyDictionary<string, long> ToQiskitKeys(Circuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        return Format(v => ClassicalBits.CountsKey(circuit, v.ToBits(circuit.ClbitCount)));
    }
}
