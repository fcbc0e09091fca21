using System.Security.Cryptography;
using System.Text.Json;
using BatchLab.Training.Checkpoints;
using static TorchSharp.torch;

namespace BatchLab.Training;

public sealed partial class Trainer
{
    /// <summary>
    /// What a checkpoint must agree with to be resumed: everything that shapes the trajectory.
    /// M is left out on purpose (it changes memory, not the result), so a run can resume with a
    /// smaller micro-batch; so are the evaluation schedule and a constant-rate run's budget.
    /// </summary>
    string Fingerprint()
    {
        var shaping = new
        {
            Batch = Plan.Batch,
            Plan.NormBatch,
            Plan.Sampling,
            Plan.DropLast,
            Plan.TrainSize,
            options.Optimizer,
            LearningRate = options.LearningRate with { Warmup = null },
            Warmup = options.LearningRate.Warmup?.ToString(),
            options.Seed,
            options.Precision,
            options.ClipGradNorm,
            Budget = options.LearningRate.Schedule == ScheduleKind.Constant ? null : totalUpdates,
            Data = data.Name,
            Model = model.named_parameters().Select(p => $"{p.name}:{string.Join('x', p.parameter.shape)}").ToArray(),
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(shaping);
        return Convert.ToHexStringLower(SHA256.HashData(json))[..16];
    }

    bool CheckpointDue(bool epochEnded)
    {
        if (hooks.Checkpoints is null)
        {
            return false;
        }

        var byProgress = hooks.CheckpointEvery is { } every ? State.Update % every.ToUpdates(Plan) == 0 : epochEnded;
        var byTime = hooks.CheckpointInterval is { } interval && hooks.Time.GetElapsedTime(lastCheckpointTimestamp) >= interval;
        return byProgress || byTime;
    }

    void SaveCheckpoint()
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, tensor) in model.state_dict())
        {
            tensors["model." + name] = tensor;
        }

        var optimizerState = optimizer.State().ToList();
        foreach (var (name, tensor) in optimizerState)
        {
            tensors["optim." + name] = tensor;
        }

        // The checkpoint borrows live tensors: encode now, dispose nothing but the state copies.
        var bytes = new Checkpoint(State, Fingerprint(), tensors).Encode();
        hooks.Checkpoints!.Save(State.Update, bytes);
        lastCheckpointTimestamp = hooks.Time.GetTimestamp();
        foreach (var observer in hooks.Observers)
        {
            observer.OnCheckpoint(State.Update);
        }
    }

    /// <summary>
    /// Restores the newest checkpoint that decodes and belongs to this configuration; a damaged
    /// newest one falls back to the older. No checkpoint at all starts from scratch.
    /// </summary>
    void TryResume()
    {
        var fingerprint = Fingerprint();
        string? lastProblem = null;
        foreach (var bytes in hooks.Checkpoints?.LoadNewestFirst() ?? [])
        {
            Checkpoint checkpoint;
            try
            {
                checkpoint = Checkpoint.Decode(bytes);
            }
            catch (InvalidDataException e)
            {
                lastProblem = e.Message;
                continue;
            }

            using (checkpoint)
            {
                if (checkpoint.Fingerprint != fingerprint)
                {
                    throw new BatchLabException(
                        "the checkpoint was written by a different configuration (batch, optimizer, learning rate, seed, data or model differ); start a new run in another --out folder");
                }

                Restore(checkpoint);
                return;
            }
        }

        if (lastProblem is not null)
        {
            throw new BatchLabException($"no usable checkpoint to resume from: {lastProblem}");
        }
    }

    void Restore(Checkpoint checkpoint)
    {
        var modelState = checkpoint.Tensors.Where(t => t.Key.StartsWith("model.", StringComparison.Ordinal))
            .ToDictionary(t => t.Key["model.".Length..], t => t.Value);
        using (no_grad())
        {
            foreach (var (name, tensor) in model.state_dict())
            {
                if (!modelState.TryGetValue(name, out var saved) || !saved.shape.SequenceEqual(tensor.shape))
                {
                    throw new BatchLabException($"the checkpoint does not match the model at '{name}'");
                }

                tensor.copy_(saved);
            }
        }

        optimizer.LoadState(checkpoint.Tensors.Where(t => t.Key.StartsWith("optim.", StringComparison.Ordinal))
            .ToDictionary(t => t.Key["optim.".Length..], t => t.Value));
        State = checkpoint.State;
    }
}
