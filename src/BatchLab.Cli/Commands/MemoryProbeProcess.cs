using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BatchLab.Diagnostics.Memory;

namespace BatchLab.Cli.Commands;

/// <summary>
/// One memory measurement in a fresh process: this program started again as
/// `batchlab diagnose memory --probe M`, which prints a <see cref="ProbeMeasurement"/> as JSON.
/// A fresh process per M keeps the allocator caches of one measurement out of the next.
/// </summary>
static class MemoryProbeProcess
{
    /// <summary>Runs `batchlab diagnose memory --probe M` as a fresh process and reads its measurement.</summary>
    public static ProbeMeasurement Measure(MemoryOptions options, long microBatch)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(DiagnoseMemoryCommand).Assembly.Location);
        }

        string[] args =
        [
            "diagnose", "memory", "--model", options.Model, "--input", string.Join('x', options.Input.SampleShape),
            "--outputs", options.Input.Outputs.ToString(CultureInfo.InvariantCulture), "--optimizer", options.Optimizer.ToString().ToLowerInvariant(),
            "--steps", options.Steps.ToString(CultureInfo.InvariantCulture), "--probe", microBatch.ToString(CultureInfo.InvariantCulture),
        ];
        args.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start) ?? throw new BatchLabException("could not start a measurement process", ExitCodes.Failure);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            var reason = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? $"exit code {process.ExitCode}";
            throw new BatchLabException($"the measurement at M = {microBatch} failed: {reason.Replace("batchlab: error: ", "", StringComparison.Ordinal)}", ExitCodes.Failure);
        }

        return JsonSerializer.Deserialize<ProbeMeasurement>(stdout.Result, Output.JsonOptions)
            ?? throw new BatchLabException($"the measurement at M = {microBatch} printed no result", ExitCodes.Failure);
    }
}
