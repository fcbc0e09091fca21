using System.Text.Json;
using BatchLab.Runs;
using BatchLab.Training;

namespace BatchLab.Sweeps.Results;

/// <summary>Reads the <see cref="TrainSummary"/> a worker stored as a finished trial's final values.</summary>
public static class TrialSummaries
{
    /// <summary>The summary, or null while the trial runs, when it FAILED, or when its values are not a run summary.</summary>
    public static TrainSummary? Of(Trial trial)
    {
        if (trial.FinalValues is not { } json)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<TrainSummary>(json, RunSpec.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
