using BatchLab.Reporting.Document;
using BatchLab.Runtime;

namespace BatchLab.Cli;

/// <summary>
/// What a report written by the CLI says about its making: this machine, now, the command line
/// with every store password masked (reports are meant to be shared), the preset and the wall time.
/// </summary>
static class ReportMetadataOf
{
    public static ReportMetadata Run(string preset, double wallSeconds) => new()
    {
        Machine = MachineInfo.Describe(),
        Created = DateTimeOffset.Now,
        CommandLine = "batchlab " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).Select(Output.Safe)),
        Preset = preset,
        WallSeconds = wallSeconds,
        Version = BatchLabVersion.Current,
    };
}
