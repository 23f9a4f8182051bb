namespace VolunteerQuantum.Coordinator.Storage;

/// <summary>A replica's result in storage form (complex numbers as re/im lists, counts as pairs).</summary>
public sealed class StoredResult
{
    public List<string> CountKeys { get; set; } = [];
    public List<long> CountValues { get; set; } = [];
    public List<string> AmplitudeKeys { get; set; } = [];
    public List<double> AmplitudeRe { get; set; } = [];
    public List<double> AmplitudeIm { get; set; } = [];
    public List<string> ExpectationKeys { get; set; } = [];
    public List<double> ExpectationValues { get; set; } = [];
    /// <summary>Noisy units: each observable's moments (count, sum, sum of squares).</summary>
    public List<string> MomentKeys { get; set; } = [];
    public List<long> MomentCounts { get; set; } = [];
    public List<double> MomentSums { get; set; } = [];
    public List<double> MomentSquares { get; set; } = [];
    public List<double> SketchRe { get; set; } = [];
    public List<double> SketchIm { get; set; } = [];
    /// <summary>The seed slot of the replica's own sketches (−1: none).</summary>
    public int SketchSlot { get; set; } = -1;
    /// <summary>Uploads: the coordinator's sketches of the bytes, <see cref="SlotWidth"/> per slot, slot after slot.</summary>
    public List<double> SlotSketchRe { get; set; } = [];
    public List<double> SlotSketchIm { get; set; } = [];
    public int SlotWidth { get; set; }
    public double NormSquared { get; set; }
    public string? StateBlob { get; set; }
    public long StateLength { get; set; }
    public string? StateFormat { get; set; }
    public double PathAbsSum { get; set; }
    public long GatesApplied { get; set; }
    public double ComputeSeconds { get; set; }
}
