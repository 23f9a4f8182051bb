using System.Text.Json;
using VolunteerQuantum.Coordinator.Blobs;
using VolunteerQuantum.Grid.Programs;
using VolunteerQuantum.Grid.Shards;

namespace VolunteerQuantum.Coordinator.Stages;

/// <summary>
/// A shard plan as the coordinator keeps it: each stage's gates in a gate-list blob (what
/// volunteers download), the reshuffle after it, and the final qubit mapping. Stored as a JSON blob
/// the project names, so it survives restarts without bloating the project's document.
/// </summary>
public sealed class ShardPlanDocument
{
    public int Qubits { get; set; }
    public int LocalQubits { get; set; }
    public List<StageDocument> Stages { get; set; } = [];
    public List<int> FinalMapping { get; set; } = [];

    public sealed class StageDocument
    {
        public string Program { get; set; } = "";
        public long ProgramLength { get; set; }
        public int Gates { get; set; }
        /// <summary>Global bits swapped with the top local bits after this stage; null after the last.</summary>
        public List<int>? Reshuffle { get; set; }
    }

    public int GlobalQubits => Qubits - LocalQubits;

    public QubitMapping Mapping => new(FinalMapping);

    /// <summary>Stores every stage's program and returns the document describing them.</summary>
    public static ShardPlanDocument Store(ShardPlan plan, IBlobStore blobs)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(blobs);
        var document = new ShardPlanDocument
        {
            Qubits = plan.Qubits,
            LocalQubits = plan.LocalQubits,
            FinalMapping = [.. plan.FinalMapping.PhysicalOfLogical],
        };
        foreach (var stage in plan.Stages)
        {
            var program = GateListCodec.Encode(stage.Gates);
            document.Stages.Add(new StageDocument
            {
                Program = blobs.Put(program),
                ProgramLength = program.Length,
                Gates = stage.Gates.Count,
                Reshuffle = stage.Next is null ? null : [.. stage.Next.GlobalBits],
            });
        }
        return document;
    }

    public string Save(IBlobStore blobs) => blobs.Put(JsonSerializer.SerializeToUtf8Bytes(this));

    public static ShardPlanDocument Load(IBlobStore blobs, string blob)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        using var stream = blobs.OpenRead(blob);
        return JsonSerializer.Deserialize<ShardPlanDocument>(stream) ?? throw new InvalidDataException($"shard plan {blob} is empty");
    }
}
