using System.Data.Common;
using System.Diagnostics;

// Not ...Tests.Storage: that namespace would hide VolunteerQuantum.Coordinator.Storage from the whole project.
namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>The throwaway PostgreSQL cluster of tests/TestSupport, checked with psql (no Npgsql here).</summary>
public sealed class PostgresClusterTests
{
    [PostgresFact]
    public void Shared_NewDatabases_ExistAndAreDistinct()
    {
        var cluster = PostgresCluster.Shared;
        var first = cluster.NewDatabase();
        var second = cluster.NewDatabase();

        var firstName = Setting(first, "Database");
        var secondName = Setting(second, "Database");
        Assert.NotEqual(firstName, secondName);
        // Connecting to a database that does not exist fails, so these also show both were created.
        Assert.Equal(firstName, Psql(first, "select current_database()"));
        Assert.Equal(secondName, Psql(second, "select current_database()"));
        Assert.Same(cluster, PostgresCluster.Shared);
    }

    [PostgresFact]
    public void Shared_CreateDatabase_ByName_ListedOnTheServer()
    {
        var cluster = PostgresCluster.Shared;
        var name = "named_" + Guid.NewGuid().ToString("N");
        cluster.CreateDatabase(name);

        Assert.Equal("1", Psql(cluster.ConnectionString(), $"select count(*) from pg_database where datname = '{name}'"));
        // Unix socket only: nothing listens on TCP.
        Assert.Equal("", Psql(cluster.ConnectionString(name), "show listen_addresses"));
    }

    [PostgresFact]
    public void Start_Dispose_StopsTheServerAndRemovesItsDirectory()
    {
        var cluster = PostgresCluster.Start();
        var root = cluster.RootDirectory;
        var pid = cluster.ProcessId;
        try
        {
            Assert.NotEqual(PostgresCluster.Shared.RootDirectory, root);
            Assert.True(Directory.Exists(cluster.DataDirectory));
            Assert.True(IsRunning(pid), $"postmaster {pid} is not running");
            Assert.Equal("postgres", File.ReadAllText($"/proc/{pid}/comm").Trim());
            Assert.Equal("1", Psql(cluster.NewDatabase(), "select 1"));
        }
        finally
        {
            cluster.Dispose();
        }

        Assert.False(Directory.Exists(root), $"{root} still exists");
        Assert.False(IsRunning(pid), $"postmaster {pid} still runs");
        cluster.Dispose();
    }

    private static string Setting(string connectionString, string key) =>
        (string)new DbConnectionStringBuilder { ConnectionString = connectionString }[key];

    /// <summary>Runs one statement with psql against an Npgsql connection string; returns its unaligned output.</summary>
    private static string Psql(string connectionString, string sql)
    {
        var start = new ProcessStartInfo(PostgresCluster.Tool("psql")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "-X", "-v", "ON_ERROR_STOP=1",
            "-h", Setting(connectionString, "Host"), "-p", Setting(connectionString, "Port"),
            "-U", Setting(connectionString, "Username"), "-d", Setting(connectionString, "Database"),
            "-tAc", sql,
        })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), $"psql hung: {sql}");
        Assert.True(process.ExitCode == 0, $"psql failed (exit {process.ExitCode}) on {connectionString}: {error.Result}");
        return output.Trim();
    }

    // A zombie (exited, not yet reaped by whoever adopted it) no longer serves anything.
    private static bool IsRunning(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }
        return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
    }
}
