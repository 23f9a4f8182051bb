// TEMPORARY: stands in for main's VolunteerQuantum.Circuits.Noise.Json.NoiseModelJson until that
// reader is merged into this branch. It reads only the native format's depolarizing gate errors
// and flip-probability readout errors. Delete this file when merging main: once the real public
// type exists, this internal one shadows it (CS0436), which the warnings-as-errors build refuses.
using System.Text.Json;

namespace VolunteerQuantum.Circuits.Noise.Json;

internal static class NoiseModelJson
{
    private static readonly HashSet<string> TwoQubitGates = new(StringComparer.Ordinal) { "cx", "cz", "cy", "swap", "cp", "crx", "cry", "crz", "ch", "rzz", "rxx", "ryy", "ecr", "iswap" };

    public static NoiseModel Parse(string json, string sourceName)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var gates = new List<GateErrorRule>();
            var readout = new List<ReadoutErrorRule>();
            if (root.TryGetProperty("gates", out var gateRules))
            {
                foreach (var rule in gateRules.EnumerateArray())
                {
                    var names = rule.GetProperty("names").EnumerateArray().Select(n => n.GetString() ?? "").ToHashSet(StringComparer.Ordinal);
                    var error = rule.GetProperty("error");
                    if (error.GetProperty("type").GetString() != "depolarizing")
                    {
                        throw new NoiseModelException($"{sourceName}: the temporary noise reader knows only depolarizing errors");
                    }
                    var width = names.All(TwoQubitGates.Contains) ? 2 : 1;
                    gates.Add(new GateErrorRule(names, Qubits(rule), Channels.Depolarizing(error.GetProperty("lambda").GetDouble(), width)));
                }
            }
            if (root.TryGetProperty("readout", out var readoutRules))
            {
                foreach (var rule in readoutRules.EnumerateArray())
                {
                    var error = rule.GetProperty("error");
                    readout.Add(new ReadoutErrorRule(Qubits(rule), ReadoutError.FromFlipProbabilities(error.GetProperty("p01").GetDouble(), error.GetProperty("p10").GetDouble())));
                }
            }
            return new NoiseModel { GateErrors = gates, ReadoutErrors = readout };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new NoiseModelException($"{sourceName}: not a noise model: {e.Message}");
        }
    }

    private static int[]? Qubits(JsonElement rule) =>
        rule.TryGetProperty("qubits", out var qubits) ? qubits.EnumerateArray().Select(q => q.GetInt32()).ToArray() : null;
}
