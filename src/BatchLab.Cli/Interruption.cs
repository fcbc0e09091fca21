using System.Runtime.InteropServices;

namespace BatchLab.Cli;

/// <summary>
/// Turns Ctrl+C and SIGTERM into a cancellation the trainer honours between updates: it saves a
/// checkpoint and returns, so nothing done so far is lost. A second Ctrl+C kills at once.
/// </summary>
public sealed class Interruption : IDisposable
{
    readonly CancellationTokenSource source = new();
    readonly PosixSignalRegistration terminate;

    public Interruption()
    {
        Console.CancelKeyPress += OnCancelKey;
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            Request();
        });
    }

    public CancellationToken Token => source.Token;

    void OnCancelKey(object? sender, ConsoleCancelEventArgs e)
    {
        if (!source.IsCancellationRequested)
        {
            e.Cancel = true;
            Request();
        }
    }

    void Request()
    {
        Output.Log("batchlab: stopping after the current update and saving a checkpoint (Ctrl+C again to kill)");
        source.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKey;
        terminate.Dispose();
        source.Dispose();
    }
}
