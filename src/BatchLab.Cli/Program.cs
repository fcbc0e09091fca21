using BatchLab.Cli;

return CliApp.Run(args);
