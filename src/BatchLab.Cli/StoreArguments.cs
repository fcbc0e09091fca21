using System.CommandLine;
using BatchLab.Storage.Sql;
using BatchLab.Sweeps.Storage;
using BatchLab.Text;

namespace BatchLab.Cli;

/// <summary>Where a sweep's study lives (--store) and how long a worker's claim holds (--lease); shared by sweep, worker, status and export.</summary>
public static class StoreArguments
{
    /// <summary>Read when --store is not given: keeps a password out of command lines (ps) and job files.</summary>
    public const string Variable = "BATCHLAB_STORE";

    public static readonly Option<string?> Store = new("--store")
    {
        Description = $"Experiment store: {ExperimentStores.Syntax}; default ${Variable}, else {ExperimentStores.DefaultStore}",
    };

    public static readonly Option<string> Lease = new("--lease")
    {
        Description = "How long a worker's claim on a trial holds without a heartbeat (90s, 2m); a killed worker's trial is taken over after it. Clocks of all machines must agree to well within it",
        DefaultValueFactory = _ => "60s",
    };

    public static readonly Option<string> OutageTimeout = new("--outage-timeout")
    {
        Description = "How long a worker rides out an unreachable or unwritable store (server restart, network, full disk): training goes on, writes are kept and retried with backoff; after this it stops (exit 4)",
        DefaultValueFactory = _ => "10m",
    };

    /// <summary>
    /// The passwords in every store string this process may see: --store values on the command
    /// line (read from the raw arguments, so that even a command line that fails to parse is
    /// covered) and $BATCHLAB_STORE.
    /// </summary>
    public static IReadOnlyList<string> Secrets(IReadOnlyList<string> args)
    {
        var stores = new List<string?> { Environment.GetEnvironmentVariable(Variable) };
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == Store.Name && i + 1 < args.Count)
            {
                stores.Add(args[i + 1]);
            }
            else if (args[i].StartsWith(Store.Name, StringComparison.Ordinal) && args[i].Length > Store.Name.Length && args[i][Store.Name.Length] is '=' or ':')
            {
                stores.Add(args[i][(Store.Name.Length + 1)..]);
            }
        }

        return [.. stores.SelectMany(StoreSecrets.Of).Distinct()];
    }

    /// <summary>The --store value, or $BATCHLAB_STORE, or null for the default.</summary>
    public static string? Location(ParseResult parse) =>
        parse.GetValue(Store) ?? (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null);

    /// <summary>The --lease value; commands that claim nothing (status, export) do not have the option and get the default.</summary>
    public static TimeSpan LeaseDuration(ParseResult parse) =>
        parse.GetValue(Lease) is { } lease ? TrainArguments.ParseTime(lease, "--lease") : ExperimentStoreOptions.Default.LeaseDuration;

    /// <param name="create">False for commands that only work on an existing store (status, export, worker, retry): a mistyped path is "no store at PATH", never a new empty database.</param>
    public static IExperimentStore Open(ParseResult parse, bool create = true) =>
        ExperimentStores.Open(Location(parse), new ExperimentStoreOptions { LeaseDuration = LeaseDuration(parse) }, create: create);

    /// <summary>How a worker rides out store outages: --outage-timeout, and claims held back for one lease after one.</summary>
    public static OutagePolicy Outage(ParseResult parse, TimeSpan lease) => new()
    {
        GiveUpAfter = parse.GetValue(OutageTimeout) is { } timeout ? TrainArguments.ParseTime(timeout, OutageTimeout.Name) : new OutagePolicy().GiveUpAfter,
        ClaimGrace = lease,
    };

    /// <summary>Opens an existing store, waiting with backoff while it is unavailable (a worker started during a database restart), up to the policy's give-up time.</summary>
    public static IExperimentStore OpenPatiently(ParseResult parse, OutagePolicy outage, CancellationToken stop)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var retry = 0; ; retry++)
        {
            try
            {
                return Open(parse, create: false);
            }
            catch (StoreUnavailableException e) when (clock.Elapsed < outage.GiveUpAfter)
            {
                if (retry == 0)
                {
                    Output.Log($"store unavailable ({e.Message}); retrying for up to {outage.GiveUpAfter.TotalSeconds:0} s");
                }

                if (stop.WaitHandle.WaitOne(outage.Delay(retry)))
                {
                    throw new OperationCanceledException(stop);
                }
            }
        }
    }

    /// <summary>The named study, or the only one in the store when no name is given.</summary>
    public static string StudyName(IExperimentStore store, string? name)
    {
        if (name is not null)
        {
            return store.GetStudy(name) is null
                ? throw new BatchLabException($"no study named '{Printable.Escape(name)}' in {store.Location}; studies there: {Names(store)}")
                : name;
        }

        var studies = store.ListStudies();
        return studies.Count == 1
            ? studies[0].Name
            : throw new BatchLabException(studies.Count == 0
                ? $"no studies in {store.Location} yet; start one with `batchlab sweep --name NAME ...`"
                : $"{store.Location} holds several studies; choose one with --study ({Names(store)})");
    }

    static string Names(IExperimentStore store) =>
        store.ListStudies() is { Count: > 0 } studies ? string.Join(", ", studies.Select(s => Printable.Escape(s.Name))) : "none";
}
