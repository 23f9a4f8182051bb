using Npgsql;

namespace VolunteerQuantum.Coordinator.Storage.Backends;

/// <summary>
/// The PostgreSQL schema, as numbered migrations the coordinator applies itself at start-up (under
/// an advisory lock, so coordinators starting together migrate once). A database whose version
/// is newer than this binary knows is refused: an older coordinator must not write records whose
/// meaning changed under it.
/// </summary>
public static class PostgresSchema
{
    private const long MigrationLock = 0x5651_0000_0000_0001;

    /// <summary>
    /// Each record is its BSON document (the same mapping as the embedded store) plus a column per
    /// indexed field; units and replicas carry a change sequence and their writer, so each
    /// coordinator can follow what the others changed.
    /// </summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE SEQUENCE vq_changes;
        CREATE TABLE projects (
            id text PRIMARY KEY, doc bytea NOT NULL,
            state text, owner text, created_utc timestamptz, advance_pending boolean, assimilate_pending boolean,
            blobs text[] NOT NULL DEFAULT '{}');
        CREATE INDEX projects_state ON projects (state);
        CREATE INDEX projects_owner ON projects (owner);
        CREATE INDEX projects_created ON projects (created_utc);
        CREATE INDEX projects_advance ON projects (advance_pending) WHERE advance_pending;
        CREATE INDEX projects_assimilate ON projects (assimilate_pending) WHERE assimilate_pending;
        CREATE INDEX projects_blobs ON projects USING gin (blobs);
        CREATE TABLE units (
            id text PRIMARY KEY, doc bytea NOT NULL,
            project_id text, state text, needs_judging boolean, spot_check text,
            blobs text[] NOT NULL DEFAULT '{}',
            change_seq bigint NOT NULL DEFAULT nextval('vq_changes'), writer uuid);
        CREATE INDEX units_project ON units (project_id);
        CREATE INDEX units_state ON units (state);
        CREATE INDEX units_judging ON units (needs_judging) WHERE needs_judging;
        CREATE INDEX units_spot_check ON units (spot_check);
        CREATE INDEX units_blobs ON units USING gin (blobs);
        CREATE INDEX units_changes ON units (change_seq);
        CREATE TABLE replicas (
            id text PRIMARY KEY, doc bytea NOT NULL,
            unit_id text, project_id text, host_id text, state text,
            blobs text[] NOT NULL DEFAULT '{}',
            change_seq bigint NOT NULL DEFAULT nextval('vq_changes'), writer uuid);
        CREATE INDEX replicas_unit ON replicas (unit_id);
        CREATE INDEX replicas_project ON replicas (project_id);
        CREATE INDEX replicas_host ON replicas (host_id);
        CREATE INDEX replicas_state ON replicas (state);
        CREATE INDEX replicas_blobs ON replicas USING gin (blobs);
        CREATE INDEX replicas_changes ON replicas (change_seq);
        CREATE TABLE hosts (
            id text PRIMARY KEY, doc bytea NOT NULL,
            owner text, trusted_verifier boolean, memory_bytes bigint);
        CREATE INDEX hosts_owner ON hosts (owner);
        CREATE INDEX hosts_trusted ON hosts (trusted_verifier) WHERE trusted_verifier;
        CREATE TABLE accounts (id text PRIMARY KEY, doc bytea NOT NULL, admin boolean);
        CREATE TABLE keys (id text PRIMARY KEY, doc bytea NOT NULL, kind text, account_id text);
        CREATE INDEX keys_account ON keys (account_id);
        CREATE TABLE counters (id text PRIMARY KEY, doc bytea NOT NULL);
        """,
    ];

    /// <summary>The schema version this binary writes.</summary>
    public static int Latest => Migrations.Length;

    /// <summary>Brings the database to <see cref="Latest"/>; refuses one that is newer. Returns the version found.</summary>
    public static int Migrate(NpgsqlDataSource dataSource, string description)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        using var connection = dataSource.OpenConnection();
        Execute(connection, $"SELECT pg_advisory_lock({MigrationLock})");
        try
        {
            Execute(connection, "CREATE TABLE IF NOT EXISTS vq_schema (version integer NOT NULL, applied_utc timestamptz NOT NULL DEFAULT now())");
            using var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM vq_schema", connection);
            var found = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (found > Latest)
            {
                throw new InvalidOperationException(
                    $"{description} has schema version {found}, newer than this coordinator knows (up to {Latest}): run the newer VolunteerQuantum coordinator that wrote it, or name another database");
            }
            for (var version = found + 1; version <= Latest; version++)
            {
                using var transaction = connection.BeginTransaction();
                Execute(connection, Migrations[version - 1], transaction);
                Execute(connection, $"INSERT INTO vq_schema (version) VALUES ({version})", transaction);
                transaction.Commit();
            }
            return found;
        }
        finally
        {
            Execute(connection, $"SELECT pg_advisory_unlock({MigrationLock})");
        }
    }

    private static void Execute(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}
