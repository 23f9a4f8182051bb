using System.Runtime.ExceptionServices;
using VolunteerQuantum.Coordinator.Storage.Backends;

namespace VolunteerQuantum.Coordinator.Storage;

/// <summary>
/// Runs the store's transactions on one writer thread, as many as are waiting in one backend
/// transaction: group commit. A commit costs about as much for one change as for a hundred (LiteDB
/// writes every page an index touched, PostgreSQL takes the grid lock and syncs its log), so under
/// load the batches grow by themselves and the commits per change fall; alone, a transaction runs
/// at once. Each change keeps its own all-or-nothing: when one throws, the batch is rolled back,
/// the ones before it run again in a fresh transaction, and only the one that threw fails. (A
/// change may therefore run twice; changes only read and write the store and its caches, so the
/// second run is the one that counts.) Every caller returns only once its change is committed.
/// </summary>
internal sealed class GroupCommit : IDisposable
{
    /// <summary>Changes in one commit at most: bounds the latency a long batch adds to the first of them.</summary>
    public const int MaxBatch = 128;

    private readonly IStoreBackend _backend;
    private readonly Lock _gate;
    private readonly Action _begun;
    private readonly Queue<Member> _queue = new();
    private readonly Lock _queueLock = new();
    // No spinning: on two cores a waiter that spins takes the core the writer needs.
    private readonly ManualResetEventSlim _ready = new(initialState: false, spinCount: 0);
    private readonly ThreadLocal<int> _depth = new();
    private readonly Thread _writer;
    private bool _stopping;

    /// <param name="begun">Runs first in every backend transaction (the store brings its caches up to date: nobody else writes until it commits).</param>
    public GroupCommit(IStoreBackend backend, Lock gate, Action begun)
    {
        _backend = backend;
        _gate = gate;
        _begun = begun;
        _writer = new Thread(Write) { IsBackground = true, Name = "vq store writer" };
        _writer.Start();
    }

    private sealed class Member(Func<object?> work)
    {
        public Func<object?> Work { get; } = work;

        public object? Result { get; set; }

        public ExceptionDispatchInfo? Error { get; set; }

        public ManualResetEventSlim Done { get; } = new(initialState: false, spinCount: 0);
    }

    public T Run<T>(Func<T> work)
    {
        if (_depth.Value > 0)
        {
            // A change that makes another: part of the same transaction.
            return work();
        }
        if (_gate.IsHeldByCurrentThread)
        {
            // The writer needs the gate this caller holds: waiting for it would never end.
            return RunAlone(work);
        }
        var member = new Member(() => work());
        lock (_queueLock)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _queue.Enqueue(member);
        }
        _ready.Set();
        member.Done.Wait();
        member.Done.Dispose();
        member.Error?.Throw();
        return (T)member.Result!;
    }

    private T RunAlone<T>(Func<T> work)
    {
        _depth.Value++;
        try
        {
            using var transaction = _backend.Begin();
            try
            {
                _begun();
                var result = work();
                transaction.Commit();
                return result;
            }
            catch (Exception e) when (transaction.Fail(e) is { } unavailable)
            {
                throw unavailable;
            }
        }
        finally
        {
            _depth.Value--;
        }
    }

    private void Write()
    {
        _depth.Value = 1;
        while (true)
        {
            _ready.Wait();
            List<Member> batch;
            lock (_queueLock)
            {
                if (_queue.Count == 0)
                {
                    if (_stopping)
                    {
                        return;
                    }
                    _ready.Reset();
                    continue;
                }
                batch = new List<Member>(Math.Min(_queue.Count, MaxBatch));
                while (batch.Count < MaxBatch && _queue.TryDequeue(out var member))
                {
                    batch.Add(member);
                }
            }
            lock (_gate)
            {
                Commit(batch);
            }
            foreach (var member in batch)
            {
                member.Done.Set();
            }
        }
    }

    /// <summary>Runs the batch's changes in one transaction and commits it; a change that throws is taken out and the rest run again.</summary>
    private void Commit(List<Member> batch)
    {
        var running = new List<Member>(batch);
        IStoreTransaction? transaction = null;
        try
        {
            transaction = Begin();
            for (var i = 0; i < running.Count;)
            {
                var member = running[i];
                try
                {
                    member.Result = member.Work();
                    i++;
                }
                catch (Exception e)
                {
                    var unavailable = transaction.Fail(e);
                    transaction = null;
                    if (unavailable is not null)
                    {
                        // The store itself failed: nothing of this batch is stored.
                        Fail(batch, unavailable);
                        return;
                    }
                    member.Error = ExceptionDispatchInfo.Capture(e);
                    running.RemoveAt(i);
                    transaction = Begin();
                    i = 0;
                }
            }
            transaction.Commit();
        }
        catch (Exception e)
        {
            // Beginning or committing failed: no change of the batch is stored.
            transaction?.Dispose();
            Fail(running, e);
        }
    }

    private IStoreTransaction Begin()
    {
        var transaction = _backend.Begin();
        try
        {
            _begun();
            return transaction;
        }
        catch (Exception e)
        {
            if (transaction.Fail(e) is { } unavailable)
            {
                throw unavailable;
            }
            throw;
        }
    }

    private static void Fail(List<Member> members, Exception error)
    {
        var captured = ExceptionDispatchInfo.Capture(error);
        foreach (var member in members.Where(m => m.Error is null))
        {
            member.Error = captured;
            member.Result = null;
        }
    }

    public void Dispose()
    {
        lock (_queueLock)
        {
            _stopping = true;
        }
        _ready.Set();
        _writer.Join();
        _ready.Dispose();
        _depth.Dispose();
    }
}
