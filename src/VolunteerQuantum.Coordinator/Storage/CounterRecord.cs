namespace VolunteerQuantum.Coordinator.Storage;

/// <summary>A persistent grid-wide counter (verification outcomes survive restarts).</summary>
public sealed class CounterRecord
{
    public string Id { get; set; } = "";
    public long Value { get; set; }
}
