using static TorchSharp.torch.utils.tensorboard;

namespace BatchLab.Training.Outputs;

/// <summary>
/// TensorBoard event files (TorchSharp's SummaryWriter): the mini-batch loss and learning rate
/// every <paramref name="logEvery"/> updates and every evaluated metric, with the update count as
/// the step. Run `tensorboard --logdir runs/` to compare runs.
/// </summary>
public sealed class TensorBoardLog(string directory, long logEvery = 1) : ITrainingObserver
{
    readonly TorchSharp.Modules.SummaryWriter writer = SummaryWriter(directory);

    public void OnUpdate(in UpdateRecord u)
    {
        if (u.Update % logEvery == 0)
        {
            writer.add_scalar("train/batch_loss", (float)u.Loss, (int)u.Update);
            writer.add_scalar("train/lr", (float)u.LearningRate, (int)u.Update);
        }
    }

    public void OnEvaluation(EvaluationRecord e)
    {
        foreach (var (name, value) in e.Values)
        {
            var split = name.IndexOf('_');
            writer.add_scalar(split > 0 ? $"{name[..split]}/{name[(split + 1)..]}" : name, (float)value, (int)e.Update);
        }
    }
}
