using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace VolunteerQuantum.Volunteer.Readings;

/// <summary>The few Win32 calls the Windows readings need.</summary>
[SupportedOSPlatform("windows")]
internal static partial class WindowsNative
{
    [StructLayout(LayoutKind.Sequential)]
    internal struct LastInputInfo
    {
        public uint Size;
        public uint Time;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct SystemPowerStatus
    {
        public byte AcLineStatus;
        public byte BatteryFlag;
        public byte BatteryLifePercent;
        public byte SystemStatusFlag;
        public uint BatteryLifeTime;
        public uint BatteryFullLifeTime;
    }

    [LibraryImport("user32.dll", EntryPoint = "GetLastInputInfo")]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool GetLastInputInfo(ref LastInputInfo info);

    [LibraryImport("kernel32.dll", EntryPoint = "GetSystemPowerStatus")]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool GetSystemPowerStatus(out SystemPowerStatus status);

    /// <summary>Idle, kernel (idle included) and user time of all CPUs, in 100 ns units.</summary>
    [LibraryImport("kernel32.dll", EntryPoint = "GetSystemTimes")]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool GetSystemTimes(out long idle, out long kernel, out long user);

    [LibraryImport("kernel32.dll", EntryPoint = "GetTickCount")]
    internal static partial uint GetTickCount();
}
