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
}
