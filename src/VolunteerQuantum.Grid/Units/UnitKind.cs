namespace VolunteerQuantum.Grid.Units;

public enum UnitKind
{
    /// <summary>The whole circuit for a range of shots or one sweep point.</summary>
    Whole,

    /// <summary>One shard of a distributed state vector for one stage.</summary>
    Shard,

    /// <summary>A range of Schrödinger–Feynman paths.</summary>
    Paths,
}
