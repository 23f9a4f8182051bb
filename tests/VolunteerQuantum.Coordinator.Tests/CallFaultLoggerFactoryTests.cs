using Google.Protobuf;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Coordinator.Extensions;
using VolunteerQuantum.Coordinator.Tests.Support;

namespace VolunteerQuantum.Coordinator.Tests;

public sealed class CallFaultLoggerFactoryTests
{
    private static (ILogger Logger, RecordingLoggerProvider Log, ILoggerFactory Factory) Create(string category)
    {
        var log = new RecordingLoggerProvider();
        var factory = new CallFaultLoggerFactory(LoggerFactory.Create(b => b.AddProvider(log).SetMinimumLevel(LogLevel.Trace)));
        return (factory.CreateLogger(category), log, factory);
    }

    private static InvalidProtocolBufferException Malformed() =>
        Assert.Throws<InvalidProtocolBufferException>(() => Protos.V1.ResultPart.Parser.ParseFrom([0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));

    private static void Log(ILogger logger, LogLevel level, EventId id, Exception exception, string message) =>
        logger.Log(level, id, message, exception, (m, _) => m);

    private static Exception Thrown(Exception e)
    {
        try
        {
            throw e;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }

    [Fact]
    public void Log_CallerFaultInCallHandler_OneLineWarningWithoutStackTrace()
    {
        var (logger, log, factory) = Create(CallFaultLoggerFactory.CallHandlerCategory);
        using var _ = factory;
        Log(logger, LogLevel.Error, new EventId(6, "ErrorExecutingServiceMethod"), Malformed(), "Error when executing service method 'Register'.");
        var (level, _, text) = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Equal("Error when executing service method 'Register'. (InvalidProtocolBufferException: CodedInputStream encountered a malformed varint.)", text);
        Assert.Empty(log.Errors);
    }

    [Fact]
    public void Log_ReadingMessageFailed_DroppedBecauseTheCallsFailureSaysIt()
    {
        var (logger, log, factory) = Create(CallFaultLoggerFactory.CallHandlerCategory);
        using var _ = factory;
        Log(logger, LogLevel.Information, new EventId(14, "ErrorReadingMessage"), Malformed(), "Error reading message.");
        Assert.Empty(log.Entries);
    }

    [Fact]
    public void Log_RealErrorInCallHandler_PassedThroughWithStackTrace()
    {
        var (logger, log, factory) = Create(CallFaultLoggerFactory.CallHandlerCategory);
        using var _ = factory;
        Log(logger, LogLevel.Error, new EventId(6, "ErrorExecutingServiceMethod"), Thrown(new InvalidOperationException("a bug")), "Error when executing service method 'Submit'.");
        var (level, _, text) = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Error, level);
        Assert.Contains("a bug", text, StringComparison.Ordinal);
        Assert.Contains(" at ", text, StringComparison.Ordinal);
        Assert.Single(log.Errors);
    }

    [Fact]
    public void Log_OtherCategory_Untouched()
    {
        var (logger, log, factory) = Create("VolunteerQuantum.Somewhere");
        using var _ = factory;
        Log(logger, LogLevel.Error, default, Thrown(new IOException("disk")), "failed");
        Assert.Equal(LogLevel.Error, Assert.Single(log.Entries).Level);
    }
}
