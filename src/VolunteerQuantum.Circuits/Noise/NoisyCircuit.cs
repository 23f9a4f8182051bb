using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Noise;

/// <summary>
/// A circuit with its noise made explicit: <see cref="Circuit"/> has a <see cref="ChannelOperation"/>
/// wherever the model puts an error, and <see cref="ReadoutErrors"/> says how each qubit is misread
/// when measured (null: read exactly).
/// </summary>
public sealed record NoisyCircuit(Circuit Circuit, IReadOnlyList<ReadoutError?> ReadoutErrors)
{
    /// <summary>A circuit with no noise at all.</summary>
    public static NoisyCircuit Ideal(Circuit circuit) => new(circuit, new ReadoutError?[circuit.QubitCount]);

    public int ChannelCount => Count(Circuit.Operations);

    public bool HasNoise => ChannelCount > 0 || ReadoutErrors.Any(r => r is not null);

    private static int Count(IEnumerable<Operation> ops) => ops.Sum(o => o switch
    {
        ChannelOperation => 1,
        ConditionalOperation c => Count(c.Then) + Count(c.Else),
        WhileOperation w => Count(w.Body),
        BlockOperation b => Count(b.Body),
        _ => 0,
    });
}
