namespace VolunteerQuantum.Coordinator.Errors;

/// <summary>Why the coordinator refuses a request, in its own terms (the edge maps each to a gRPC status or HTTP code).</summary>
public enum Refusal
{
    /// <summary>The request itself is malformed or contradictory.</summary>
    InvalidArgument,

    /// <summary>No credential, or one nobody issued.</summary>
    Unauthenticated,

    /// <summary>A known caller that may not do this (another's project, a banned host, a non-admin).</summary>
    PermissionDenied,

    /// <summary>What was named does not exist (for this caller).</summary>
    NotFound,

    /// <summary>It exists already.</summary>
    AlreadyExists,

    /// <summary>Not in the state this needs (a project already ended, a replica no longer leased).</summary>
    FailedPrecondition,

    /// <summary>A quota or limit is reached.</summary>
    ResourceExhausted,
}

/// <summary>
/// A request the coordinator refuses for a reason the caller can act on. The domain throws it and
/// knows nothing of gRPC; <c>UnexpectedErrorInterceptor</c> maps it to a status once, at the edge,
/// with the message as the detail, and the HTTP endpoints to a status code.
/// </summary>
public sealed class GridException : Exception
{
    public GridException(Refusal refusal, string message)
        : base(message)
    {
        Refusal = refusal;
    }

    public GridException()
        : this(Refusal.FailedPrecondition, "the request was refused")
    {
    }

    public GridException(string message)
        : this(Refusal.FailedPrecondition, message)
    {
    }

    public GridException(string message, Exception innerException)
        : base(message, innerException)
    {
        Refusal = Refusal.FailedPrecondition;
    }

    public Refusal Refusal { get; }
}
