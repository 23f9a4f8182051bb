using Grpc.Core;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Simulation;

namespace VolunteerQuantum.Cli.Commands;

/// <summary>
/// Turns every error a user can cause into one line on stderr and a non-zero exit code: bad
/// input exits 1, a grid that refuses or cannot be reached exits 2, an interrupted run 130.
/// Only a bug in vq itself shows a stack trace.
/// </summary>
internal static class CommandErrors
{
    public static async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (QasmException e)
        {
            return Fail(e.Message, 1);
        }
        catch (Exception e) when (e is UsageException or FormatException or StateTooLargeException or VolunteerQuantum.Grid.Planning.ProjectSpecException
            or VolunteerQuantum.Circuits.Model.Classical.ClassicalEvaluationException
            or VolunteerQuantum.Circuits.Noise.NoiseModelException
            or VolunteerQuantum.Coordinator.Extensions.CoordinatorConfigurationException)
        {
            return Fail($"error: {e.Message}", 1);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return Fail($"error: {e.Message}", 1);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
        {
            // A call cut short by our own SIGINT/SIGTERM: an interruption, not a grid's refusal.
            return Fail("interrupted", 130);
        }
        catch (RpcException e) when (Rejected(e) is { } rejected)
        {
            // A certificate the pin or the system refused reads "Internal" in gRPC: say what it is.
            return Fail($"error: cannot trust the coordinator: {rejected.Message}", 2);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
        {
            return Fail($"error: {KeyAdvice(e.Status.Detail)}", 2);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
        {
            return Fail($"error: cannot reach the coordinator: {e.Status.Detail}", 2);
        }
        catch (RpcException e)
        {
            return Fail($"error: the coordinator says {e.StatusCode}: {e.Status.Detail}", 2);
        }
        catch (OperationCanceledException)
        {
            return Fail("interrupted", 130);
        }
        catch (IOException e)
        {
            return Fail($"error: {e.Message}", 1);
        }
    }

    public static Task<int> Guard(Func<int> action) => Guard(() => Task.FromResult(action()));

    /// <summary>A refused key, said in terms of what to pass rather than of gRPC metadata.</summary>
    internal static string KeyAdvice(string detail)
    {
        var where = $"pass --api-key or set VQ_API_KEY (a coordinator started with `vq coordinator` writes its admin key to DATA_DIR/{VolunteerQuantum.Coordinator.Extensions.CredentialSeeder.ApiKeyFile}, by default {Grid.GridConnection.LocalApiKeyPath}, and vq reads that file by itself when it is there)";
        return detail.StartsWith("missing API key", StringComparison.Ordinal) ? $"the coordinator needs an API key: {where}"
            : detail.StartsWith("unknown API key", StringComparison.Ordinal) ? $"the coordinator does not know this API key: {where}"
            : $"the coordinator refused the credentials: {detail}";
    }

    private static System.Security.Authentication.AuthenticationException? Rejected(RpcException e)
    {
        for (var inner = e.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Security.Authentication.AuthenticationException rejected)
            {
                return rejected;
            }
        }
        return null;
    }

    private static int Fail(string message, int code)
    {
        // Server errors quote what the server (or whoever fed it) sent.
        Console.Error.WriteLine(Output.TerminalText.Clean(message));
        return code;
    }
}
