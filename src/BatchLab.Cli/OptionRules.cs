using System.CommandLine;
using BatchLab.IO;
using BatchLab.Runtime;

namespace BatchLab.Cli;

/// <summary>
/// Range checks that run while the command line is parsed, so a bad count is one line and exit 2
/// before any data is loaded (and before libtorch sees a thread count it would abort on).
/// </summary>
static class OptionRules
{
    /// <summary>Torch threads: 1 to 4 per core (<see cref="TorchThreads.Max"/>).</summary>
    public static Option<int?> ThreadCount(this Option<int?> option)
    {
        option.Validators.Add(result =>
        {
            if (Value<int?>(result) is int n && TorchThreads.Problem(n, option.Name) is { } problem)
            {
                result.AddError(problem);
            }
        });
        return option;
    }

    /// <summary>A count of at least <paramref name="minimum"/>.</summary>
    public static Option<long?> AtLeast(this Option<long?> option, long minimum, string meaning)
    {
        option.Validators.Add(result =>
        {
            if (Value<long?>(result) is long n && n < minimum)
            {
                result.AddError($"{option.Name} must be at least {minimum} ({meaning}), got {n}");
            }
        });
        return option;
    }

    /// <summary>A count of at least <paramref name="minimum"/>.</summary>
    public static Option<int?> AtLeast(this Option<int?> option, int minimum, string meaning)
    {
        option.Validators.Add(result =>
        {
            if (Value<int?>(result) is int n && n < minimum)
            {
                result.AddError($"{option.Name} must be at least {minimum} ({meaning}), got {n}");
            }
        });
        return option;
    }

    /// <summary>Worker processes on this machine: <paramref name="minimum"/> to 4 per core.</summary>
    public static Option<int?> WorkerCount(this Option<int?> option, int minimum)
    {
        option.Validators.Add(result =>
        {
            if (Value<int?>(result) is int n && (n < minimum || n > TorchThreads.Max))
            {
                result.AddError($"{option.Name} must be between {minimum} and {TorchThreads.Max} (4 per core on this {Environment.ProcessorCount}-core machine), got {n}");
            }
        });
        return option;
    }

    /// <summary>An output folder that can be created and written (checked with a probe file, nothing left behind).</summary>
    public static Option<T> WritableFolder<T>(this Option<T> option)
    {
        option.Validators.Add(result => Check<T>(result, path => WritablePath.RequireFolder(path, option.Name)));
        return option;
    }

    /// <summary>An output file whose folder can be created and written.</summary>
    public static Option<T> WritableFile<T>(this Option<T> option)
    {
        option.Validators.Add(result => Check<T>(result, path => WritablePath.RequireFile(path, option.Name)));
        return option;
    }

    /// <summary>
    /// The option's value, or default when it did not convert: GetValueOrDefault throws then
    /// ('abc' for a count), and the parser reports the conversion error itself as one line.
    /// </summary>
    static T? Value<T>(System.CommandLine.Parsing.OptionResult result)
    {
        try
        {
            return result.GetValueOrDefault<T>();
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }

    static void Check<T>(System.CommandLine.Parsing.OptionResult result, Action<string> check)
    {
        var path = Value<T>(result) switch
        {
            string text => text,
            FileSystemInfo info => info.ToString(),
            _ => null,
        };
        if (path is null)
        {
            return;
        }

        try
        {
            check(path);
        }
        catch (BatchLabException e)
        {
            result.AddError(e.Message);
        }
    }
}
