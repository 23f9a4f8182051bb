using System.Diagnostics;
using System.Globalization;

namespace VolunteerQuantum.TestSupport;

/// <summary>
/// A throwaway PostgreSQL server for tests, from the server binaries alone: no container, no
/// service. It lives in a temporary directory and listens only on a unix socket there, so no TCP
/// port can clash. Tests share <see cref="Shared"/> (initdb takes seconds) and take a database
/// each from <see cref="NewDatabase"/>; <see cref="Start"/> gives a cluster of one's own.
/// </summary>
internal sealed class PostgresCluster : IDisposable
{
    public const string User = "vq";

    // With no TCP listener the port only names the socket file (.s.PGSQL.5432 in the cluster's own
    // directory), so every cluster can use the same one.
    public const int DefaultPort = 5432;

    private const string NotFound = "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin: install Debian's postgresql package (apt-get install postgresql) to run the PostgreSQL tests";

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(3);
    private static readonly Lazy<(Binaries? Found, string? Problem)> Probe = new(Locate);
    private static readonly Lazy<PostgresCluster> SharedCluster = new(StartShared);

    // Keeps undisposed clusters reachable: collecting one would close its watchdog's pipe and stop
    // a server whose connection string a test may still hold.
    private static readonly HashSet<PostgresCluster> Live = [];

    private readonly Binaries _binaries;
    private readonly bool _shared;
    private Process? _watchdog;
    private int _stopped;

    private PostgresCluster(Binaries binaries, string root, bool shared)
    {
        _binaries = binaries;
        _shared = shared;
        RootDirectory = root;
    }

    /// <summary>Null when a cluster can be started here, else why the tests that need one are skipped.</summary>
    public static string? Unavailable => Probe.Value.Problem;

    /// <summary>One cluster per test process, started on first use and removed at process exit.</summary>
    public static PostgresCluster Shared => SharedCluster.Value;

    /// <summary>The temporary directory: holds <c>data/</c>, the server log and the socket.</summary>
    public string RootDirectory { get; }

    public string DataDirectory => Path.Combine(RootDirectory, "data");

    /// <summary>Where clients connect (Npgsql's Host, libpq's -h): the socket's directory.</summary>
    public string SocketDirectory => RootDirectory;

    public int Port { get; } = DefaultPort;

    /// <summary>The postmaster's process id, from postmaster.pid once the server is up.</summary>
    public int ProcessId { get; private set; }

    /// <summary>A fresh cluster of the caller's own; dispose it to stop it and remove its directory.</summary>
    public static PostgresCluster Start() => Start(shared: false);

    /// <summary>A full path to a PostgreSQL program (psql, createdb, ...) of the same installation as the server.</summary>
    public static string Tool(string name)
    {
        var found = Probe.Value.Found ?? throw new InvalidOperationException(Unavailable);
        var candidates = new[] { found.ResolvedDirectory, found.Directory }.Concat(PathDirectories());
        return candidates.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"{name} not found beside {found.InitDb} or on PATH");
    }

    public string ConnectionString(string database = "postgres") =>
        $"Host={SocketDirectory};Port={Port};Username={User};Database={database};Pooling=true";

    /// <summary>Creates an empty database; the caller makes the name unique (or uses <see cref="NewDatabase"/>).</summary>
    public void CreateDatabase(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Run(null, "createdb", Tool("createdb"), "-h", SocketDirectory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, name);
    }

    /// <summary>Creates a uniquely named empty database and returns its connection string.</summary>
    public string NewDatabase()
    {
        var name = "vq_" + Guid.NewGuid().ToString("N");
        CreateDatabase(name);
        return ConnectionString(name);
    }

    public void Dispose()
    {
        if (_shared)
        {
            throw new InvalidOperationException("the shared PostgreSQL cluster is stopped at process exit; use PostgresCluster.Start() for one to dispose");
        }
        Stop();
    }

    private static PostgresCluster StartShared()
    {
        var cluster = Start(shared: true);
        // vstest may kill the test host before this finishes; the watchdog then completes it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                cluster.Stop();
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        };
        return cluster;
    }

    private static PostgresCluster Start(bool shared)
    {
        var binaries = Probe.Value.Found ?? throw new InvalidOperationException(Unavailable);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException(Unavailable);
        }
        // Directly under /tmp, not TMPDIR: a socket path must stay under 108 bytes, and as root the
        // server's own user must be able to reach the directory through every parent.
        string root;
        do
        {
            root = Path.Combine("/tmp", "vq-pg-" + Guid.NewGuid().ToString("N")[..12]);
        }
        while (Directory.Exists(root));
        Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var cluster = new PostgresCluster(binaries, root, shared);
        try
        {
            cluster._watchdog = cluster.StartWatchdog();
            if (binaries.RunAs is { } user)
            {
                Run(null, "chown", "chown", "-R", user + ":", root);
            }
            cluster.InitAndStart();
            lock (Live)
            {
                Live.Add(cluster);
            }
            return cluster;
        }
        catch
        {
            try
            {
                cluster.Stop();
            }
            catch (IOException)
            {
                // The watchdog removes it at exit; the start failure is what the caller must see.
            }
            throw;
        }
    }

    private void InitAndStart()
    {
        Run(_binaries.RunAs, "initdb", _binaries.InitDb, "-D", DataDirectory, "-U", User, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync");
        // Durability is worthless for a throwaway cluster; speed is not.
        File.AppendAllText(Path.Combine(DataDirectory, "postgresql.conf"), $"""

            # PostgresCluster (tests): unix socket only, no durability.
            port = {Port}
            listen_addresses = ''
            unix_socket_directories = '{SocketDirectory}'
            max_connections = 200
            fsync = off
            synchronous_commit = off
            full_page_writes = off

            """);
        var log = Path.Combine(RootDirectory, "server.log");
        try
        {
            // -l matters beyond the log: without it the server would inherit, and hold open, our pipes.
            Run(_binaries.RunAs, "pg_ctl start", _binaries.PgCtl, "start", "-w", "-t", "120", "-D", DataDirectory, "-l", log);
        }
        catch (InvalidOperationException e)
        {
            var tail = File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(20)) : "(no server log)";
            throw new InvalidOperationException($"{e.Message}\nserver log:\n{tail}", e);
        }
        ProcessId = int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
    }

    // vstest kills the test host soon after the last test, often before ProcessExit is done, and a
    // hang timeout kills it outright. This shell then stops the server and removes the directory,
    // so no postmaster outlives the test run: it reads a pipe from this process, which the kernel
    // closes whenever this process ends, however it ends (the pipe is close-on-exec, so no other
    // child holds it open).
    private Process StartWatchdog()
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("""
            exec >/dev/null 2>&1
            while read -r line; do :; done
            dir=$1; shift
            "$@" </dev/null
            rm -rf "$dir"
            """);
        start.ArgumentList.Add("vq-pg-watchdog");
        start.ArgumentList.Add(RootDirectory);
        foreach (var argument in Command(_binaries.RunAs, _binaries.PgCtl, StopArguments()))
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start)!;
    }

    private string[] StopArguments() => ["stop", "-m", "immediate", "-w", "-t", "60", "-D", DataDirectory];

    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        lock (Live)
        {
            Live.Remove(this);
        }
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                Run(_binaries.RunAs, "pg_ctl stop", _binaries.PgCtl, StopArguments());
            }
            catch (InvalidOperationException)
            {
                // pg_ctl could not stop it: don't leave a server running on a deleted directory.
                KillServer();
            }
        }
        if (Directory.Exists(RootDirectory))
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        // Last, so that a directory left by a failed delete is still removed at exit.
        if (_watchdog is not null)
        {
            try
            {
                _watchdog.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            _watchdog.Dispose();
        }
    }

    private void KillServer()
    {
        if (ProcessId == 0)
        {
            return;
        }
        try
        {
            using var server = Process.GetProcessById(ProcessId);
            server.Kill();
        }
        catch (ArgumentException)
        {
            // Not running.
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static (Binaries?, string?) Locate()
    {
        if (OperatingSystem.IsWindows())
        {
            return (null, "the PostgreSQL test cluster listens on a unix socket: it needs Linux or macOS");
        }
        var directory = PathDirectories().FirstOrDefault(HasServerTools) ?? DebianDirectory();
        if (directory is null)
        {
            return (null, NotFound);
        }
        string? runAs = null;
        if (Environment.IsPrivilegedProcess)
        {
            // The server refuses to run as root.
            runAs = new[] { "postgres", "nobody" }.FirstOrDefault(UserExists);
            if (runAs is null)
            {
                return (null, "running as root, and neither a postgres nor a nobody user exists to run the PostgreSQL server (it refuses root)");
            }
            if (FindRunUser() is null)
            {
                return (null, "running as root, and runuser (util-linux) is not found to run the PostgreSQL server as another user (it refuses root)");
            }
        }
        var initDb = Path.Combine(directory, "initdb");
        // A symlinked initdb (/usr/local/bin → /usr/lib/postgresql/N/bin): the client tools lie beside the target.
        var resolved = Path.GetDirectoryName(File.ResolveLinkTarget(initDb, returnFinalTarget: true)?.FullName ?? initDb)!;
        return (new Binaries(directory, resolved, initDb, Path.Combine(directory, "pg_ctl"), runAs), null);
    }

    private static bool HasServerTools(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));

    // Debian installs the server binaries in /usr/lib/postgresql/<version>/bin, off PATH.
    private static string? DebianDirectory()
    {
        const string Parent = "/usr/lib/postgresql";
        if (!Directory.Exists(Parent))
        {
            return null;
        }
        return Directory.EnumerateDirectories(Parent)
            .Select(d => (Dir: Path.Combine(d, "bin"), Ok: decimal.TryParse(Path.GetFileName(d), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v), Version: v))
            .Where(c => c.Ok && HasServerTools(c.Dir))
            .OrderByDescending(c => c.Version)
            .Select(c => c.Dir)
            .FirstOrDefault();
    }

    private static string[] PathDirectories() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

    private static string? FindRunUser() =>
        PathDirectories().Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"])
            .Select(d => Path.Combine(d, "runuser"))
            .FirstOrDefault(File.Exists);

    private static bool UserExists(string name)
    {
        try
        {
            Run(null, "id", "id", "-u", name);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string[] Command(string? runAs, string program, string[] arguments) =>
        runAs is null ? [program, .. arguments] : [FindRunUser()!, "-u", runAs, "--", program, .. arguments];

    /// <summary>Runs a program to completion, as <paramref name="runAs"/> when given; throws with its output when it fails.</summary>
    private static void Run(string? runAs, string what, string program, params string[] arguments)
    {
        var command = Command(runAs, program, arguments);
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The server's user may not be able to enter the test's working directory.
            WorkingDirectory = "/",
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        // PGHOST, PGDATABASE, PGOPTIONS and the like would override or add to what is passed here.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(ToolTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{what} did not finish within {ToolTimeout.TotalMinutes} minutes: {string.Join(' ', command)}");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed (exit {process.ExitCode}): {string.Join(' ', command)}\n{error.Result.Trim()}\n{output.Result.Trim()}".TrimEnd());
        }
    }

    private sealed record Binaries(string Directory, string ResolvedDirectory, string InitDb, string PgCtl, string? RunAs);
}
