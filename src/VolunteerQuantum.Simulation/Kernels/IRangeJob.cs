namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>Work over a range of items [start, end) that threads can split (items are independent).</summary>
internal interface IRangeJob
{
    void Execute(long start, long end);
}
