using BatchLab.Training.Outputs.TensorBoard;

namespace BatchLab.Training.Outputs;

/// <summary>
/// TensorBoard event files of a run: the mini-batch loss and learning rate every
/// <paramref name="logEvery"/> updates and every evaluated metric, with the update count as the
/// step and wall time in Unix seconds. Tags are <see cref="TensorBoardTags"/>. Run
/// `tensorboard --logdir runs/` to compare runs.
/// </summary>
public sealed class TensorBoardLog(string directory, long logEvery = 1, TimeProvider? time = null) : ITrainingObserver, IDisposable
{
    readonly TimeProvider clock = time ?? TimeProvider.System;

    // Created at the start of training, so that a run refused during validation leaves no files.
    EventFile? file;

    public void OnStart(TrainingStart start) => file ??= new EventFile(directory, clock);

    public void OnUpdate(in UpdateRecord u)
    {
        if (file is not null && u.Update % logEvery == 0)
        {
            var now = EventFile.UnixSeconds(clock.GetUtcNow());
            file.Scalar(TensorBoardTags.Of("loss"), u.Loss, u.Update, now);
            file.Scalar(TensorBoardTags.Of("lr"), u.LearningRate, u.Update, now);
        }
    }

    public void OnEvaluation(EvaluationRecord e)
    {
        if (file is null)
        {
            return;
        }

        var now = EventFile.UnixSeconds(clock.GetUtcNow());
        foreach (var (name, value) in e.Values)
        {
            file.Scalar(TensorBoardTags.Of(name), value, e.Update, now);
        }
    }

    public void OnEnd(TrainResult result) => Dispose();

    public void Dispose()
    {
        file?.Dispose();
        file = null;
    }
}
