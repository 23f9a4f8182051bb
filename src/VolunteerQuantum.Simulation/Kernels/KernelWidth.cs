namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>
/// Which register width the kernels use. Chosen once per run by <see cref="KernelSelector"/>; tests pass
/// it explicitly to run every path the machine supports in one process. Outside tests, the widest
/// path can be switched off with the runtime's knobs, e.g. <c>DOTNET_EnableAVX512F=0</c> (→ 256-bit),
/// <c>DOTNET_EnableAVX2=0</c> (→ 128-bit), <c>DOTNET_EnableHWIntrinsic=0</c> (→ scalar).
/// </summary>
internal enum KernelWidth
{
    Scalar = 0,
    Vector128 = 1,
    Vector256 = 2,
    Vector512 = 3,
}
