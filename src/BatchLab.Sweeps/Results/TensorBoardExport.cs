using BatchLab.Training.Outputs.TensorBoard;

namespace BatchLab.Sweeps.Results;

/// <summary>
/// A study as a TensorBoard log folder: one run folder per trial ("trial-0007") with its curves as
/// scalars (<see cref="TensorBoardTags"/>) and HParams session summaries — the grid point (and the
/// model and optimizer) as hyperparameters, the trial's state as the session's status — so the
/// HParams tab compares trials. Workers store metrics in the study's store, not in files, so the
/// study is written out from the store, from any machine that reaches it.
/// </summary>
public static class TensorBoardExport
{
    /// <returns>The run folders written.</returns>
    public static IReadOnlyList<string> Write(StudyExport export, string directory)
    {
        var folders = new List<string>();
        foreach (var trial in export.Trials)
        {
            var folder = Path.Combine(directory, $"trial-{trial.Number:D4}");
            var start = EventFile.UnixSeconds(trial.StartedAt ?? DateTimeOffset.UtcNow);
            var end = EventFile.UnixSeconds(trial.FinishedAt ?? trial.StartedAt ?? DateTimeOffset.UtcNow);
            using var file = new EventFile(folder);
            HParams.WriteStart(file, Values(trial), start);
            foreach (var (name, curve) in trial.Curves ?? throw new InvalidOperationException("export made without curves"))
            {
                for (var i = 0; i < curve.Update.Count; i++)
                {
                    // Wall time of each point is not stored; spread them over the trial's span so time axes read sensibly.
                    var at = curve.Update.Count > 1 ? start + ((end - start) * i / (curve.Update.Count - 1)) : end;
                    file.Scalar(TensorBoardTags.Of(name), curve.Value[i], curve.Update[i], at);
                }
            }

            HParams.WriteEnd(file, trial.State switch
            {
                "COMPLETE" => HParams.Status.Success,
                "DIVERGED" or "FAILED" => HParams.Status.Failure,
                "RUNNING" => HParams.Status.Running,
                _ => HParams.Status.Unknown,
            }, end);
            folders.Add(folder);
        }

        return folders;
    }

    static Dictionary<string, object> Values(ExportedTrial trial)
    {
        var values = new Dictionary<string, object>();
        foreach (var (axis, value) in trial.Point)
        {
            values[axis] = value.Number is double n ? n : value.Word ?? "";
        }

        var spec = trial.Parameters;
        if (spec.TryGetProperty("model", out var model))
        {
            values["model"] = model.GetString() ?? "";
        }

        if (spec.TryGetProperty("train", out var train) && train.TryGetProperty("optimizer", out var optimizer) && optimizer.TryGetProperty("kind", out var kind))
        {
            values["optimizer"] = kind.GetString() ?? "";
        }

        values["state"] = trial.State;
        return values;
    }
}
