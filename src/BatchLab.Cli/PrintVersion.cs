using System.CommandLine;
using System.CommandLine.Invocation;
using BatchLab.Runtime;

namespace BatchLab.Cli;

/// <summary>`batchlab --version`: the git version of this build (<see cref="BatchLabVersion"/>), the same string reports and stored studies carry.</summary>
sealed class PrintVersion : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(BatchLabVersion.Current);
        return 0;
    }
}
