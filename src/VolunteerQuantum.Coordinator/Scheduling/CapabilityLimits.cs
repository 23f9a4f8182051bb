using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Coordinator.Scheduling;

/// <summary>
/// What a host says of itself is clamped to what a real machine can be, so a host claiming
/// 2^63 bytes of memory or a million cores is not believed: memory to the grid's unit ceiling (no
/// unit needs more), cores and speed to generous bounds, SIMD widths to the ones the engine has.
/// </summary>
public static class CapabilityLimits
{
    public const int MaxCores = 4096;

    /// <summary>Amplitude updates per second: far above any machine today (qsim does ~1e9 per core).</summary>
    public const double MaxAmplitudeUpdatesPerSecond = 1e13;

    public static void Clamp(HostRecord host, long maxUnitMemoryBytes)
    {
        ArgumentNullException.ThrowIfNull(host);
        host.Cores = Math.Clamp(host.Cores, 0, MaxCores);
        host.MemoryBytes = Math.Clamp(host.MemoryBytes, 0, Math.Max(0, maxUnitMemoryBytes));
        host.SimdWidthBits = host.SimdWidthBits is 0 or 128 or 256 or 512 ? host.SimdWidthBits : 0;
        host.AmplitudeUpdatesPerSecond = double.IsFinite(host.AmplitudeUpdatesPerSecond)
            ? Math.Clamp(host.AmplitudeUpdatesPerSecond, 0, MaxAmplitudeUpdatesPerSecond)
            : 0;
    }
}
