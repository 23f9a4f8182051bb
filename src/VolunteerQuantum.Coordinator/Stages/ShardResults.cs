using System.Globalization;
using System.Text;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Coordinator.Blobs;
using VolunteerQuantum.Coordinator.Projects;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Grid.Shards;
using VolunteerQuantum.Simulation.Observables;

namespace VolunteerQuantum.Coordinator.Stages;

/// <summary>
/// A sharded project's outputs, read from its final shards without assembling the state: counts
/// (shots spread over shards by mass, then mapped to classical bits), amplitudes, expectation
/// values, and the state itself streamed shard by shard into one blob when it was asked for.
/// </summary>
public static class ShardResults
{
    public static void Complete(GridStore store, IBlobStore blobs, ProjectFinisher finisher, ProjectRecord project, ShardPlanDocument plan, IReadOnlyList<ShardBlob> shards, int bufferBytes, long moved)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(finisher);
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(plan);
        var outputs = new ShardOutputs(new BlobStoreShards(blobs), plan.LocalQubits, plan.Mapping, shards, project.SinglePrecision, bufferBytes);
        var point = new ResultPoint
        {
            Shots = project.Shots,
            Counts = project.Shots > 0 ? Counts(blobs, project, outputs) : null,
            Amplitudes = project.Amplitudes.Count > 0
                ? project.Amplitudes.ToDictionary(a => a, a => outputs.Amplitude(Convert.ToInt64(a, 2)), StringComparer.Ordinal)
                : null,
            Expectations = project.Observables.Count > 0
                ? project.Observables.ToDictionary(o => o, o => outputs.Expectation(PauliSum.Parse(o)), StringComparer.Ordinal)
                : null,
        };
        string? stateBlob = null;
        if (project.ReturnState)
        {
            using var writer = blobs.BeginWrite();
            using (var stream = new BlobWriterStream(writer))
            {
                outputs.WriteState(stream);
            }
            stateBlob = writer.Commit();
            point = point with { State = $"blob:{stateBlob}" };
        }
        var run = new Dictionary<string, string>
        {
            ["stages"] = plan.Stages.Count.ToString(CultureInfo.InvariantCulture),
            ["shards"] = shards.Count.ToString(CultureInfo.InvariantCulture),
            ["bytes moved"] = (project.BytesMoved + moved).ToString(CultureInfo.InvariantCulture),
            ["final norm²"] = shards.Sum(s => s.NormSquared).ToString("G17", CultureInfo.InvariantCulture),
        };
        List<UnitRecord> units;
        List<ReplicaRecord> replicas;
        lock (store.Gate)
        {
            (units, replicas, _) = finisher.Canonical(project);
        }
        var document = blobs.Put(finisher.Document(project, [point], units, replicas, [], run));
        finisher.Deliver(project.Id, p => p.AdvancePending, document, stateBlob, project.SinglePrecision ? "c8" : "c16", moved);
    }

    /// <summary>Samples logical basis states, then reads each shot's classical bits off its terminal measurements.</summary>
    private static Dictionary<string, long> Counts(IBlobStore blobs, ProjectRecord project, ShardOutputs outputs)
    {
        string source;
        using (var stream = blobs.OpenRead(project.CircuitBlob))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
        {
            source = reader.ReadToEnd();
        }
        var circuit = QasmParser.Parse(source, new QasmParseOptions { FileName = project.FileName });
        var measurements = CircuitStructure.Analyze(circuit).TerminalMeasurements;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var clbits = new bool[circuit.ClbitCount];
        foreach (var (index, n) in outputs.Sample(project.Shots, project.Seed))
        {
            Array.Clear(clbits);
            foreach (var m in measurements)
            {
                clbits[m.Clbit] = ((index >> m.Qubit) & 1) != 0;
            }
            var key = ClassicalBits.CountsKey(circuit, clbits);
            counts[key] = counts.GetValueOrDefault(key) + n;
        }
        return counts;
    }
}
