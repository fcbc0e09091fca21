using BatchLab.Data;
using BatchLab.Models;
using static TorchSharp.torch;

namespace BatchLab.Training;

/// <summary>Validates a model against a data set before any compute is spent on training.</summary>
public static class ModelCheck
{
    /// <summary>Runs two samples through the model in eval mode and checks the output shape; a model with nothing to train is refused first.</summary>
    public static void AcceptsData(nn.Module<Tensor, Tensor> model, Dataset data)
    {
        var parameters = model.parameters().ToList();
        if (parameters.Count == 0 || parameters.All(p => !p.requires_grad))
        {
            throw new BatchLabException(parameters.Count == 0
                ? "the model has no parameters: there is nothing to train"
                : $"all {parameters.Count} parameter tensors of the model are frozen (requires_grad=False): there is nothing to train; unfreeze them before exporting");
        }

        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var n = Math.Min(2, data.Train.Count);
            Tensor output;
            try
            {
                output = model.call(data.Train.Inputs.narrow(0, 0, n));
            }
            catch (Exception e) when (e is not BatchLabException)
            {
                throw new BatchLabException(
                    $"the model cannot take inputs of shape [{string.Join(", ", data.SampleShape)}] from '{data.Name}': {FirstLine(e.Message)}");
            }

            // Integer outputs have no gradient: backward() failed as an internal error (issue 23).
            if (!output.is_floating_point())
            {
                throw new BatchLabException($"the model outputs {output.dtype} values; a trainable model outputs floating-point scores (logits or regression values)");
            }

            // Text: a score for every token of the vocabulary at every position of the sequence.
            long[] expected = data.Task == TaskKind.NextToken ? [n, .. data.SampleShape, data.Outputs] : [n, data.Outputs];
            if (!output.shape.SequenceEqual(expected))
            {
                throw new BatchLabException(
                    $"the model outputs shape [{string.Join(", ", output.shape)}] but '{data.Name}' needs [{string.Join(", ", expected)}] ({data.Outputs} outputs per {(data.Task == TaskKind.NextToken ? "token" : "sample")})");
            }
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>
    /// Sets G on every BatchNorm layer; a G for a model without any is refused rather than
    /// silently meaning nothing.
    /// </summary>
    public static void AppliesNormBatch(nn.Module model, long? normBatch)
    {
        if (model.SetNormBatch(normBatch) == 0 && normBatch is long g)
        {
            throw new BatchLabException($"--norm-batch {g} sets the BatchNorm statistics batch G, but the model has no BatchNorm layer; leave it out");
        }
    }

    static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
