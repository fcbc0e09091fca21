namespace BatchLab;

/// <summary>
/// A failure the user can fix: bad input, a missing or corrupt file, an unavailable device.
/// The message is one line naming what is wrong and how to fix it; the CLI prints it without a
/// stack trace and exits with <see cref="ExitCode"/>.
/// </summary>
public class BatchLabException(string message, int exitCode = BatchLabException.BadInput, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>Invalid arguments, specs or files supplied by the user.</summary>
    public const int BadInput = 2;

    /// <summary>Data or a tool needed to obtain it is not available on this machine.</summary>
    public const int Unavailable = 4;

    public int ExitCode { get; } = exitCode;
}
