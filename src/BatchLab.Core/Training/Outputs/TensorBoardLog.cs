using static TorchSharp.torch.utils.tensorboard;

namespace BatchLab.Training.Outputs;

/// <summary>
/// TensorBoard event files (TorchSharp's SummaryWriter): the mini-batch loss and learning rate
/// every <paramref name="logEvery"/> updates and every evaluated metric, with the update count as
/// the step. Run `tensorboard --logdir runs/` to compare runs.
/// </summary>
public sealed class TensorBoardLog(string directory, long logEvery = 1) : ITrainingObserver
{
    // Created at the start of training, so that a run refused during validation leaves no files.
    TorchSharp.Modules.SummaryWriter? writer;

    public void OnStart(TrainingStart start) => writer = SummaryWriter(directory);

    public void OnUpdate(in UpdateRecord u)
    {
        if (writer is not null && u.Update % logEvery == 0)
        {
            writer.add_scalar("train/batch_loss", (float)u.Loss, (int)u.Update);
            writer.add_scalar("train/lr", (float)u.LearningRate, (int)u.Update);
        }
    }

    public void OnEvaluation(EvaluationRecord e)
    {
        if (writer is null)
        {
            return;
        }

        foreach (var (name, value) in e.Values)
        {
            var split = name.IndexOf('_');
            writer.add_scalar(split > 0 ? $"{name[..split]}/{name[(split + 1)..]}" : name, (float)value, (int)e.Update);
        }
    }
}
