namespace BatchLab.Cli;

/// <summary>Process exit codes, documented in README ("Exit codes").</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>An unexpected failure (a bug or an infrastructure error).</summary>
    public const int Failure = 1;

    /// <summary>Bad input: arguments, specs or files; the message says what to change.</summary>
    public const int BadInput = BatchLabException.BadInput;

    /// <summary>Training ended DIVERGED (non-finite loss or gradient). A result, not a crash.</summary>
    public const int Diverged = 3;

    /// <summary>Data or a tool could not be obtained on this machine.</summary>
    public const int Unavailable = BatchLabException.Unavailable;

    /// <summary>
    /// Trials ended FAILED (their retries were used up, or they failed on bad input): the run
    /// itself finished, but the study is not complete. `batchlab retry` queues them again.
    /// </summary>
    public const int TrialsFailed = 5;

    /// <summary>Interrupted (Ctrl+C or SIGTERM) after saving what was done.</summary>
    public const int Interrupted = 130;
}
