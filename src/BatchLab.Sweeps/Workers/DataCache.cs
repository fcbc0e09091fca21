using BatchLab.Data;
using BatchLab.Runs;

namespace BatchLab.Sweeps.Workers;

/// <summary>
/// Data sets loaded once per worker process and shared by its trials, keyed by name and split
/// options: loading MNIST costs about a second and 200 MB, a trial of a sweep often less.
/// Trials run one at a time, so no locking; disposing the cache frees every set.
/// </summary>
public sealed class DataCache(DataContext? context = null) : IDisposable
{
    readonly Dictionary<(string Name, DataOptions Options), Dataset> sets = [];

    public Dataset Get(RunSpec spec)
    {
        var key = (spec.Data, RunFactory.DataOptionsOf(spec));
        if (!sets.TryGetValue(key, out var data))
        {
            data = RunFactory.LoadData(spec, context);
            sets[key] = data;
        }

        return data;
    }

    public void Dispose()
    {
        foreach (var data in sets.Values)
        {
            data.Dispose();
        }

        sets.Clear();
    }
}
