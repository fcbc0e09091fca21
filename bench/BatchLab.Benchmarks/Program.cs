using BatchLab.Benchmarks.Commands;
using BatchLab.Cli;

NumericalReproducibility.Apply(); // before torch computes anything: MKL reads MKL_CBWR once
HeapRetention.Apply();
return CliApp.Run(args, "bench", "BatchLab's benchmarks: measured figures, ratios side by side in one run (results in docs/performance.md).", BenchCommand.All());
