using BatchLab.Cli;
using BatchLab.Runtime;

HeapRetention.Apply();
return CliApp.Run(args);
