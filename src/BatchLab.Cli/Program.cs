using BatchLab.Cli;
using BatchLab.Runtime;

NumericalReproducibility.Apply(); // before torch computes anything: MKL reads MKL_CBWR once
HeapRetention.Apply();
return CliApp.Run(args);
