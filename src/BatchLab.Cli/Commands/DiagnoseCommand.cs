using System.CommandLine;

namespace BatchLab.Cli.Commands;

/// <summary>`batchlab diagnose ...`: one subcommand per measurement of the mini-batch trade-off.</summary>
public static class DiagnoseCommand
{
    public static Command Create() => new("diagnose", "Measure one claim of the mini-batch trade-off on your model, data and machine")
    {
        DiagnoseNoiseCommand.Create(),
        DiagnoseAgreementCommand.Create(),
        DiagnoseThroughputCommand.Create(),
        DiagnoseSharpnessCommand.Create(),
        DiagnoseMemoryCommand.Create(),
    };
}
