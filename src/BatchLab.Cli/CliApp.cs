using System.CommandLine;
using System.CommandLine.Help;
using BatchLab.Cli.Commands;

namespace BatchLab.Cli;

/// <summary>
/// The command tree. Each command lives in Commands/ and only turns options into the records a
/// library user would build, calls the library, and prints the result (JSON to stdout with
/// --json, progress and logs to stderr).
/// </summary>
public static class CliApp
{
    public static int Run(string[] args) => Run(
        args, "batchlab", Description, Commands(), HelpExamples.All);

    /// <summary>
    /// Parses and runs a command tree named <paramref name="name"/> (the CLI, or the benchmarks'
    /// own executable): one line and an exit code for every error, never a stack trace.
    /// </summary>
    public static int Run(string[] args, string name, string description, IEnumerable<Command> commands, IReadOnlyDictionary<string, string[]>? examples = null)
    {
        var help = new HelpOption();
        if (examples is not null)
        {
            HelpExamples.AddTo(help, examples);
        }

        // A named root (not RootCommand) so that help says the name users type.
        var root = new Command(name, description)
        {
            help,
            new VersionOption { Action = new PrintVersion() },
            CommonOptions.Json,
            CommonOptions.Verbose,
        };
        foreach (var command in commands)
        {
            root.Subcommands.Add(command);
        }

        Output.Secrets = StoreArguments.Secrets(args);
        var parsed = root.Parse(args);

        // --help answers even where the command's own arguments are missing (`data fetch --help`).
        if (parsed.Errors.Count > 0 && !HelpExamples.IsHelp(parsed.Action))
        {
            var where = parsed.CommandResult.Command == root ? name : $"{name} {CommandPath(parsed.CommandResult)}";
            Output.Log($"{name}: error: {ParseErrors.Describe(parsed)} (see '{where} --help')");
            return ExitCodes.BadInput;
        }

        try
        {
            // Without this, System.CommandLine prints its own stack trace and the catches below never run.
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (Unwrap(e) is BatchLabException user)
        {
            Output.Log($"{name}: error: {user.Message}");
            return user.ExitCode;
        }
        catch (OperationCanceledException)
        {
            Output.Log($"{name}: interrupted; stored results and checkpoints are kept.");
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("BATCHLAB_DEBUG") is null or "" or "0")
        {
            Output.Log($"{name}: internal error: {Unwrap(e).GetType().Name}: {Unwrap(e).Message.Split('\n')[0]} ({CrashReport(e)}set BATCHLAB_DEBUG=1 to print it)");
            return ExitCodes.Failure;
        }
    }

    /// <summary>
    /// Writes an internal error's stack trace to a file in the temporary folder and names it: a
    /// failure that happens once in many runs (a native error, a race) is then diagnosable from the
    /// run that had it, in a bug report or a CI log, without running it again under BATCHLAB_DEBUG.
    /// </summary>
    static string CrashReport(Exception e)
    {
        try
        {
            var path = Path.Combine(Path.GetTempPath(), $"batchlab-crash-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.txt");
            // Masked as every other output: the command line and messages may carry a store URL.
            File.WriteAllText(path, Output.Safe($"batchlab {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}\n{Runtime.BatchLabVersion.Current}\n\n{e}\n"));
            return $"stack trace in {path}; ";
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>
    /// The help text of `batchlab PATH --help` as a fixed-width page, examples included: what the
    /// help snapshot tests compare with tests/BatchLab.Tests/Cli/Help/*.txt.
    /// </summary>
    public static string HelpText(IReadOnlyList<string> path, int width = 100)
    {
        var help = new HelpOption();
        ((HelpAction)help.Action!).MaxWidth = width;
        HelpExamples.AddTo(help, HelpExamples.All);
        var root = new Command("batchlab", Description) { help, new VersionOption(), CommonOptions.Json, CommonOptions.Verbose };
        foreach (var command in Commands())
        {
            root.Subcommands.Add(command);
        }

        using var output = new StringWriter();
        root.Parse([.. path, "--help"]).Invoke(new InvocationConfiguration { Output = output, EnableDefaultExceptionHandler = false });
        return output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    const string Description = "BatchLab measures which mini-batch size to train with, and what each choice costs and buys.";

    /// <summary>The command tree as `batchlab` parses it (for tests and documentation).</summary>
    public static Command Tree()
    {
        var root = new Command("batchlab") { CommonOptions.Json, CommonOptions.Verbose };
        foreach (var command in Commands())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    static IEnumerable<Command> Commands() =>
    [
        DoctorCommand.Create(),
        DataCommand.Create(),
        SaddleCommand.Create(),
        TrainCommand.Create(),
        ModelsCommand.Create(),
        SweepCommand.Create(),
        WorkerCommand.Create(),
        StatusCommand.Create(),
        ExportCommand.Create(),
        RetryCommand.Create(),
        DiagnoseCommand.Create(),
        StudyCommand.Create(),
        ReportCommand.Create(),
        AdviseCommand.Create(),
    ];

    static Exception Unwrap(Exception e) =>
        e is AggregateException { InnerExceptions.Count: 1 } a ? Unwrap(a.InnerExceptions[0])
        : e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? Unwrap(inner)
        : e is TypeInitializationException { InnerException: { } init } ? Unwrap(init)
        : e;

    static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var r = result; r?.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent)
        {
            names.Insert(0, r.Command.Name);
        }

        return string.Join(' ', names);
    }
}
