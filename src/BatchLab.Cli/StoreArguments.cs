using System.CommandLine;
using BatchLab.Storage.Sql;
using BatchLab.Sweeps.Storage;

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

    /// <summary>The --store value, or $BATCHLAB_STORE, or null for the default.</summary>
    public static string? Location(ParseResult parse) =>
        parse.GetValue(Store) ?? (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null);

    /// <summary>The --lease value; commands that claim nothing (status, export) do not have the option and get the default.</summary>
    public static TimeSpan LeaseDuration(ParseResult parse) =>
        parse.GetValue(Lease) is { } lease ? TrainArguments.ParseTime(lease, "--lease") : ExperimentStoreOptions.Default.LeaseDuration;

    public static IExperimentStore Open(ParseResult parse) =>
        ExperimentStores.Open(Location(parse), new ExperimentStoreOptions { LeaseDuration = LeaseDuration(parse) });

    /// <summary>The named study, or the only one in the store when no name is given.</summary>
    public static string StudyName(IExperimentStore store, string? name)
    {
        if (name is not null)
        {
            return store.GetStudy(name) is null
                ? throw new BatchLabException($"no study named '{name}' in {store.Location}; studies there: {Names(store)}")
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
        store.ListStudies() is { Count: > 0 } studies ? string.Join(", ", studies.Select(s => s.Name)) : "none";
}
