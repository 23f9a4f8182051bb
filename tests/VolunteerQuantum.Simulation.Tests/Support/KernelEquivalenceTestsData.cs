namespace VolunteerQuantum.Simulation.Tests.Support;

/// <summary>Theory data: every accelerated kernel width (as its enum value) × both precisions.</summary>
public static class KernelEquivalenceTestsData
{
    public static TheoryData<int, Precision> Paths()
    {
        var data = new TheoryData<int, Precision>();
        foreach (var w in KernelHarness.Widths)
        {
            data.Add((int)w, Precision.Double);
            data.Add((int)w, Precision.Single);
        }
        return data;
    }
}
