using System.CommandLine;

namespace BatchLab.Cli;

/// <summary>Options shared by every command.</summary>
public static class CommonOptions
{
    /// <summary>Machine-readable result on stdout; progress and logs stay on stderr.</summary>
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write the machine-readable result as JSON to stdout (progress and logs go to stderr)",
        Recursive = true,
    };

    /// <summary>Every evaluation of every trial and each stage's step on stderr, not only one line per trial.</summary>
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Also print the details: every evaluation, each worker's claims in a sweep, each measurement's internal steps (default: progress and results)",
        Recursive = true,
    };
}
