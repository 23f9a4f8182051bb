using System.Numerics;
using System.Text.Json;
using VolunteerQuantum.Circuits.Gates;

namespace VolunteerQuantum.Circuits.Noise.Json;

/// <summary>
/// A JSON value with the path that led to it ("errors[2].probabilities[0]"), so every refusal names the
/// file and the exact place. Objects are read strictly: a field the reader does not know is an error,
/// because a misspelt field silently ignored would mean a different noise model from the one intended.
/// </summary>
internal readonly struct JsonCursor(JsonElement element, string source, string path)
{
    public JsonElement Element => element;

    public string Path => path;

    public NoiseModelException Fail(string message) =>
        new($"{source}: {(path.Length == 0 ? "the top level" : path)}: {message}");

    /// <summary>Runs <paramref name="build"/>, putting this place in front of any noise-model error it raises.</summary>
    public T At<T>(Func<T> build)
    {
        try
        {
            return build();
        }
        catch (NoiseModelException e) when (!e.Message.StartsWith(source + ":", StringComparison.Ordinal))
        {
            throw Fail(e.Message);
        }
    }

    public JsonCursor Object(params string[] allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Fail($"expected an object, found {Describe(element)}");
        }
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Fail($"unknown field '{property.Name}' (known here: {string.Join(", ", allowed)})");
            }
        }
        return this;
    }

    public bool Has(string name) => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out _);

    public JsonCursor Get(string name) =>
        TryGet(name, out var value) ? value : throw Fail($"the field '{name}' is missing");

    public bool TryGet(string name, out JsonCursor value)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child) && child.ValueKind != JsonValueKind.Null)
        {
            value = new JsonCursor(child, source, Join(path, name));
            return true;
        }
        value = default;
        return false;
    }

    public IReadOnlyList<JsonCursor> Array()
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Fail($"expected an array, found {Describe(element)}");
        }
        var items = new List<JsonCursor>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            items.Add(new JsonCursor(item, source, $"{path}[{index++}]"));
        }
        return items;
    }

    public string String() =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Fail($"expected a string, found {Describe(element)}");

    public double Double()
    {
        if (element.ValueKind == JsonValueKind.Number)
        {
            return element.GetDouble();
        }
        // JSON has no infinity; Aer writes T1 = inf as a string when asked to make its dict serializable.
        if (element.ValueKind == JsonValueKind.String && element.GetString() is "inf" or "Infinity")
        {
            return double.PositiveInfinity;
        }
        throw Fail($"expected a number, found {Describe(element)}");
    }

    public int Int()
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value))
        {
            return value;
        }
        throw Fail($"expected an integer, found {Describe(element)}");
    }

    public double Double(string name, double? fallback = null) =>
        TryGet(name, out var value) ? value.Double() : fallback ?? throw Fail($"the field '{name}' is missing");

    public int[] Ints() => Array().Select(i => i.Int()).ToArray();

    /// <summary>A real number, or [re, im] (how Aer serializes complex entries).</summary>
    public Complex Complex()
    {
        if (element.ValueKind == JsonValueKind.Number)
        {
            return element.GetDouble();
        }
        var parts = element.ValueKind == JsonValueKind.Array ? Array() : [];
        if (parts.Count != 2)
        {
            throw Fail($"expected a number or a complex number [re, im], found {Describe(element)}");
        }
        return new Complex(parts[0].Double(), parts[1].Double());
    }

    /// <summary>A square matrix as a list of rows, of dimension 2, 4, 8, …; entry (r, c) acts on basis states with qubit 0 the lowest bit.</summary>
    public GateMatrix Matrix()
    {
        var rows = Array();
        var dim = rows.Count;
        if (dim < 2 || (dim & (dim - 1)) != 0)
        {
            throw Fail($"a matrix needs 2, 4, 8, … rows, found {dim}");
        }
        var entries = new Complex[dim * dim];
        for (var r = 0; r < dim; r++)
        {
            var row = rows[r].Array();
            if (row.Count != dim)
            {
                throw rows[r].Fail($"row of {row.Count} entries in a {dim}×{dim} matrix");
            }
            for (var c = 0; c < dim; c++)
            {
                entries[(r * dim) + c] = row[c].Complex();
            }
        }
        var qubits = BitOperations.Log2((uint)dim);
        return qubits > GateMatrix.MaxQubits
            ? throw Fail($"a {qubits}-qubit matrix is more than the {GateMatrix.MaxQubits} qubits allowed")
            : new GateMatrix(qubits, entries);
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => "null",
    };

    public override string ToString() => path;
}
