using System.CommandLine;

namespace BatchLab.Cli.Commands;

/// <summary>`batchlab diagnose ...`: one subcommand per measurement of the mini-batch trade-off.</summary>
public static class DiagnoseCommand
{
    public static Command Create()
    {
        var command = new Command("diagnose", "Measure one claim of the mini-batch trade-off on your model, data and machine");
        command.Subcommands.Add(DiagnoseNoiseCommand.Create());
        command.Subcommands.Add(DiagnoseAgreementCommand.Create());
        command.Subcommands.Add(DiagnoseThroughputCommand.Create());
        return command;
    }
}
