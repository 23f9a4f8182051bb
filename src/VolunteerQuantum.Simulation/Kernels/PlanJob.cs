namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>Adapts a plan on a state pointer to <see cref="ParallelRange"/>.</summary>
internal readonly unsafe struct PlanJob<T>(KernelPlan<T> plan, T* state) : IRangeJob
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public void Execute(long start, long end) => plan.Execute(state, start, end);
}
