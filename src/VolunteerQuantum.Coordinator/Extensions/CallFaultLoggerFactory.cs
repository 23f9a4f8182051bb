using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace VolunteerQuantum.Coordinator.Extensions;

/// <summary>
/// Wraps the logger factory so that gRPC's call handler reports the faults of a caller (a
/// message that is not valid protobuf, a client that resets its call or vanishes, a call refused
/// with a status) in one line without a stack trace: volunteers disappear by design and anyone
/// can send garbage, and a multi-KB trace per call would bury the real errors, which still pass
/// through unchanged.
/// </summary>
internal sealed class CallFaultLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public const string CallHandlerCategory = "Grpc.AspNetCore.Server.ServerCallHandler";

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return categoryName == CallHandlerCategory ? new OneLine(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    /// <summary>Whether an exception is the caller's doing rather than the coordinator's.</summary>
    internal static bool IsCallerFault(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            // IOException here is the transport's ("the client reset the request stream"): the
            // coordinator's own file errors are translated by its interceptor before gRPC sees them.
            if (x is InvalidProtocolBufferException or InvalidDataException or IOException or OperationCanceledException or RpcException)
            {
                return true;
            }
        }
        return false;
    }

    private sealed class OneLine(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is null || !IsCallerFault(exception))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }
            // gRPC logs a bad message twice (reading it, then failing the call): the second says it all.
            if (eventId.Name == "ErrorReadingMessage")
            {
                return;
            }
            var level = exception is InvalidProtocolBufferException or InvalidDataException || exception.InnerException is InvalidProtocolBufferException
                ? LogLevel.Warning
                : LogLevel.Information;
            inner.Log(level, eventId, state, null, (s, _) => $"{formatter(s, exception)} ({exception.GetType().Name}: {exception.Message})".ReplaceLineEndings(" "));
        }
    }
}
