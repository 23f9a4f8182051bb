using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace VolunteerQuantum.Grid.Results;

/// <summary>
/// Writes and reads the one JSON result format:
/// <c>{"circuit":{…}, "precision", "seed", "shots", "counts":{key:n}, "amplitudes":{bits:[re,im]},
/// "trajectories", "expectations":{obs:v}, "expectation_errors":{obs:se}, "probabilities":{bits:p}, "state", "timings", "verification", "warnings",
/// "run"}</c>; with swept
/// parameters the per-point fields move into <c>"points":[{"parameters":{…}, …}]</c>.
/// Doubles are written with round-trip precision; counts keys sorted so output is reproducible.
/// </summary>
public static class ResultJson
{
    public const string FormatName = "volunteerquantum.result/1";

    public static void Write(Stream output, ResultDocument document, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(document);
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = indented });
        w.WriteStartObject();
        w.WriteString("format", FormatName);
        w.WriteStartObject("circuit");
        w.WriteString("file", document.Circuit.File);
        w.WriteNumber("qubits", document.Circuit.Qubits);
        w.WriteNumber("clbits", document.Circuit.Clbits);
        w.WriteNumber("gates", document.Circuit.Gates);
        w.WriteEndObject();
        w.WriteString("precision", document.Precision);
        w.WriteNumber("seed", document.Seed);
        if (document.Swept)
        {
            w.WriteStartArray("points");
            foreach (var point in document.Points)
            {
                w.WriteStartObject();
                WriteDoubles(w, "parameters", point.Parameters);
                WritePoint(w, point);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        else if (document.Points.Count > 0)
        {
            WritePoint(w, document.Points[0]);
        }
        WriteDoubles(w, "timings", document.Timings);
        if (document.Verification is { } v)
        {
            w.WriteStartObject("verification");
            w.WriteNumber("units", v.Units);
            w.WriteNumber("min_quorum", v.MinQuorum);
            w.WriteNumber("units_agreed", v.UnitsAgreed);
            w.WriteNumber("units_disputed", v.UnitsDisputed);
            w.WriteNumber("replicas_valid", v.ReplicasValid);
            w.WriteNumber("replicas_invalid", v.ReplicasInvalid);
            w.WriteNumber("replicas_errored", v.ReplicasErrored);
            w.WriteNumber("replicas_timed_out", v.ReplicasTimedOut);
            w.WriteNumber("hosts_contributing", v.HostsContributing);
            w.WriteStartArray("hosts_per_unit");
            foreach (var h in v.HostsPerUnit)
            {
                w.WriteNumberValue(h);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteStartArray("warnings");
        foreach (var warning in document.Warnings)
        {
            w.WriteStringValue(warning);
        }
        w.WriteEndArray();
        w.WriteStartObject("run");
        foreach (var (key, value) in document.Run.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            // Counts (threads, kernel passes, branches, units) are numbers to a JSON reader, not text.
            if (long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
                && number.ToString(System.Globalization.CultureInfo.InvariantCulture) == value)
            {
                w.WriteNumber(key, number);
            }
            else
            {
                w.WriteString(key, value);
            }
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static string ToJson(ResultDocument document, bool indented = true)
    {
        using var stream = new MemoryStream();
        Write(stream, document, indented);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static ResultDocument Read(Stream input)
    {
        using var json = JsonDocument.Parse(input);
        var root = json.RootElement;
        var circuit = root.GetProperty("circuit");
        var swept = root.TryGetProperty("points", out var pointsElement);
        var points = swept
            ? pointsElement.EnumerateArray().Select(ReadPoint).ToArray()
            : [ReadPoint(root)];
        return new ResultDocument
        {
            Circuit = new CircuitSummary(
                circuit.GetProperty("file").GetString() ?? "",
                circuit.GetProperty("qubits").GetInt32(),
                circuit.GetProperty("clbits").GetInt32(),
                circuit.GetProperty("gates").GetInt32()),
            Precision = root.GetProperty("precision").GetString() ?? "double",
            Seed = root.GetProperty("seed").GetUInt64(),
            Swept = swept,
            Points = points,
            Timings = ReadDoubles(root, "timings") ?? new Dictionary<string, double>(),
            Verification = root.TryGetProperty("verification", out var v) ? ReadVerification(v) : null,
            Warnings = root.TryGetProperty("warnings", out var warnings)
                ? warnings.EnumerateArray().Select(e => e.GetString() ?? "").ToArray()
                : [],
            Run = root.TryGetProperty("run", out var run)
                ? run.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetRawText() : p.Value.GetString() ?? "")
                : new Dictionary<string, string>(),
        };
    }

    private static void WritePoint(Utf8JsonWriter w, ResultPoint point)
    {
        if (point.Counts is { } counts)
        {
            w.WriteNumber("shots", point.Shots);
            w.WriteStartObject("counts");
            foreach (var (key, n) in counts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(key, n);
            }
            w.WriteEndObject();
        }
        if (point.Amplitudes is { } amplitudes)
        {
            w.WriteStartObject("amplitudes");
            foreach (var (bits, a) in amplitudes)
            {
                w.WriteStartArray(bits);
                w.WriteNumberValue(a.Real);
                w.WriteNumberValue(a.Imaginary);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        if (point.Trajectories is { } trajectories)
        {
            w.WriteNumber("trajectories", trajectories);
        }
        if (point.Expectations is { } expectations)
        {
            WriteDoubles(w, "expectations", expectations);
        }
        if (point.ExpectationErrors is { } errors)
        {
            WriteDoubles(w, "expectation_errors", errors);
        }
        if (point.Probabilities is { } probabilities)
        {
            WriteDoubles(w, "probabilities", probabilities);
        }
        if (point.State is { } state)
        {
            w.WriteString("state", state);
        }
    }

    private static ResultPoint ReadPoint(JsonElement e) => new()
    {
        Parameters = ReadDoubles(e, "parameters") ?? new Dictionary<string, double>(),
        Shots = e.TryGetProperty("shots", out var shots) ? shots.GetInt64() : 0,
        Counts = e.TryGetProperty("counts", out var counts)
            ? counts.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64())
            : null,
        Amplitudes = e.TryGetProperty("amplitudes", out var amplitudes)
            ? amplitudes.EnumerateObject().ToDictionary(p => p.Name, p => new Complex(p.Value[0].GetDouble(), p.Value[1].GetDouble()))
            : null,
        Expectations = ReadDoubles(e, "expectations"),
        ExpectationErrors = ReadDoubles(e, "expectation_errors"),
        Trajectories = e.TryGetProperty("trajectories", out var trajectories) ? trajectories.GetInt64() : null,
        Probabilities = ReadDoubles(e, "probabilities"),
        State = e.TryGetProperty("state", out var state) ? state.GetString() : null,
    };

    private static VerificationReport ReadVerification(JsonElement v) => new()
    {
        Units = v.GetProperty("units").GetInt32(),
        MinQuorum = v.GetProperty("min_quorum").GetInt32(),
        UnitsAgreed = v.GetProperty("units_agreed").GetInt32(),
        UnitsDisputed = v.GetProperty("units_disputed").GetInt32(),
        ReplicasValid = v.GetProperty("replicas_valid").GetInt32(),
        ReplicasInvalid = v.GetProperty("replicas_invalid").GetInt32(),
        ReplicasErrored = v.GetProperty("replicas_errored").GetInt32(),
        ReplicasTimedOut = v.GetProperty("replicas_timed_out").GetInt32(),
        HostsContributing = v.GetProperty("hosts_contributing").GetInt32(),
        HostsPerUnit = v.GetProperty("hosts_per_unit").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
    };

    private static void WriteDoubles(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, double> values)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            w.WriteNumber(key, value);
        }
        w.WriteEndObject();
    }

    private static Dictionary<string, double>? ReadDoubles(JsonElement e, string name) =>
        e.TryGetProperty(name, out var obj)
            ? obj.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble())
            : null;

    /// <summary>Formats a double for people: short, invariant.</summary>
    public static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
