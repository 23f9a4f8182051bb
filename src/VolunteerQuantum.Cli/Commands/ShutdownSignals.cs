using System.Runtime.InteropServices;

namespace VolunteerQuantum.Cli.Commands;

/// <summary>
/// The one owner of SIGINT and SIGTERM in `vq`: the first cancels <see cref="Token"/>, which every command
/// takes as its signal to stop cleanly (a coordinator closes its store, a volunteer checkpoints its unit,
/// `vq run` tears down its embedded grid and deletes its temporary folder); a second one ends the
/// process at once. The hosts embedded in `vq` install no signal handlers of their own, so nothing else
/// swallows the signal.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    public ShutdownSignals()
    {
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    public CancellationToken Token => _stop.Token;

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) > 1)
        {
            return; // the default action: terminate now
        }
        context.Cancel = true;
        Console.Error.WriteLine($"{(context.Signal == PosixSignal.SIGINT ? "interrupted" : "terminated")}: stopping cleanly (send the signal again to stop at once)");
        _stop.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _stop.Dispose();
    }
}
