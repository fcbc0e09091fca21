using System.CommandLine;
using BatchLab.Runtime;

namespace BatchLab.Cli.Commands;

/// <summary>`batchlab doctor`: proves torch loads and trains on this machine.</summary>
public static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check that libtorch loads and trains one step on this machine");
        command.SetAction(parse =>
        {
            var report = TorchHealth.Check();
            if (parse.GetValue(CommonOptions.Json))
            {
                Output.Json(report);
            }
            else
            {
                Console.WriteLine($"TorchSharp {report.TorchSharpVersion}, {report.Threads} threads, CUDA {(report.CudaAvailable ? "available" : "not available")}");
                Console.WriteLine($"one SGD step: loss {report.LossBefore:G6} -> {report.LossAfter:G6}");
            }

            return report.LossAfter < report.LossBefore ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
