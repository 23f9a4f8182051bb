namespace VolunteerQuantum.Coordinator.Storage.Backends;

/// <summary>
/// One kind of record in a backend. Queries select on a field the table indexes
/// (<see cref="TableSpec{T}.Fields"/>); anything finer is filtered by the record sets.
/// Writes outside a transaction are transactions of their own.
/// </summary>
public interface IRecordTable<T> where T : class
{
    T? Find(string id);

    void Insert(T record);

    void InsertMany(IReadOnlyCollection<T> records);

    /// <summary>Replaces a stored record; false when none has its id.</summary>
    bool Update(T record);

    void Upsert(T record);

    IEnumerable<T> All();

    IEnumerable<T> Where(RecordField<T> field, object value, int limit = int.MaxValue);

    /// <summary>Records (where <paramref name="field"/> equals <paramref name="value"/>, or all when it is null), largest <paramref name="orderBy"/> first.</summary>
    IReadOnlyList<T> Largest(RecordField<T> orderBy, int limit, RecordField<T>? field = null, object? value = null);

    int Count(RecordField<T>? field = null, object? value = null);

    bool Any(RecordField<T> field, object value);

    /// <summary>How many records have each value of an enum field.</summary>
    IReadOnlyDictionary<TValue, int> CountBy<TValue>(RecordField<T> field) where TValue : struct, Enum;

    /// <summary>Whether a record names this blob in one of <see cref="TableSpec{T}.Blobs"/>.</summary>
    bool AnyReferencing(string blob);

    /// <summary>
    /// The records other coordinators wrote since the last call (only for tables that track
    /// changes, and only on a shared backend; empty otherwise). Call inside a transaction.
    /// </summary>
    IReadOnlyList<T> ChangedElsewhere();
}
