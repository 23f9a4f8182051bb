namespace VolunteerQuantum.Coordinator.Storage;

/// <summary>
/// The data directory refused a write: the disk is full, or it is read-only or not writable.
/// Thrown by the store and blob seams in place of the raw IOException, so the service edge can
/// answer ResourceExhausted or Unavailable (with the path and the cause) instead of Internal.
/// Nothing was changed by the call that failed.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
        Path = "";
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
        Path = "";
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = "";
        IsFull = IsNoSpace(innerException);
    }

    private StorageUnavailableException(string message, Exception cause, string path)
        : base(message, cause)
    {
        Path = path;
        IsFull = IsNoSpace(cause);
    }

    /// <summary>The data directory <paramref name="path"/> refused a write, for <paramref name="cause"/>.</summary>
    public static StorageUnavailableException At(string path, Exception cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return new(Describe(cause), cause, path);
    }

    /// <summary>The data directory (or file in it) that could not be written.</summary>
    public string Path { get; }

    /// <summary>True when the disk is full (or a quota is exhausted), false when it refuses writes.</summary>
    public bool IsFull { get; }

    /// <summary>Whether an exception (or one it wraps) is the file system refusing a write.</summary>
    public static bool IsStorageFault(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            // A missing file is a bug or a caller's mistake, not a full or read-only disk.
            if (e is UnauthorizedAccessException || e is IOException and not FileNotFoundException and not DirectoryNotFoundException)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Disk full or quota exceeded. .NET reports the raw errno as the HResult on Unix (ENOSPC 28,
    /// EDQUOT 122 on Linux, 69 on macOS) and a Win32 HRESULT on Windows; the message is the fallback.
    /// </summary>
    public static bool IsNoSpace(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is not IOException)
            {
                continue;
            }
            var code = e.HResult;
            var full = OperatingSystem.IsWindows()
                ? (code & 0xFFFF) is 0x70 or 0x27   // ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL
                : code is 28 || (OperatingSystem.IsLinux() ? code == 122 : code == 69);
            if (full || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)
                || e.Message.Contains("not enough space", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The message of the innermost file-system error: "No space left on device : '/path'".</summary>
    private static string Describe(Exception cause)
    {
        var message = cause.Message;
        for (Exception? e = cause; e is not null; e = e.InnerException)
        {
            if (e is IOException or UnauthorizedAccessException)
            {
                message = e.Message;
            }
        }
        return message;
    }
}
