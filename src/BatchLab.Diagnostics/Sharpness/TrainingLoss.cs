using BatchLab.Data;
using BatchLab.Runtime;
using BatchLab.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Sharpness;

/// <summary>
/// The training loss f(θ) = (1/N) Σᵢ ℓᵢ(θ) over a fixed set of N training samples (the first N
/// of the split), as a function of the flat parameter vector θ, with its gradient and
/// Hessian-vector products at the studied point. The model is held in eval mode throughout:
/// BatchNorm uses its running statistics and dropout is off, so f is one deterministic function
/// of θ (training-mode BN would make it depend on how the samples are grouped).
/// Every pass runs in chunks of <see cref="Chunk"/> samples and adds the chunks' sums, so results
/// do not depend on the chunk size beyond rounding. Disposing restores the studied weights and
/// the model's training flag.
/// </summary>
public sealed class TrainingLoss : IObjective, IDisposable
{
    public const long DefaultChunk = 4096;

    readonly nn.Module<Tensor, Tensor> model;
    readonly Parameter[] parameters;
    readonly ParameterVector vector;
    readonly TensorSplit split;
    readonly TaskKind task;
    readonly bool wasTraining;

    public TrainingLoss(nn.Module<Tensor, Tensor> model, TensorSplit split, TaskKind task, long? samples = null, long chunk = DefaultChunk)
    {
        parameters = [.. model.parameters()];
        if (parameters.Length == 0 || parameters.Any(p => !p.requires_grad))
        {
            throw new BatchLabException("the sharpness measures need a model whose every parameter requires gradients", BatchLabException.BadInput);
        }

        Samples = Math.Min(split.Count, samples ?? split.Count);
        if (Samples < 1 || chunk < 1)
        {
            throw new BatchLabException($"the loss needs at least one training sample and a positive chunk (got {Samples} samples, chunk {chunk})", BatchLabException.BadInput);
        }

        if (split.Inputs.dtype != parameters[0].dtype)
        {
            throw new BatchLabException($"the data are {split.Inputs.dtype} but the model is {parameters[0].dtype}; load both in the same dtype", BatchLabException.BadInput);
        }

        this.model = model;
        this.split = split;
        this.task = task;
        Chunk = chunk;
        vector = new ParameterVector(parameters);
        wasTraining = model.training;
        model.eval();
        Point = vector.Get();
    }

    public long Dimension => vector.Dimension;

    public Tensor Point { get; }

    /// <summary>N, the training samples f averages over.</summary>
    public long Samples { get; }

    public long Chunk { get; }

    /// <summary>Passes over the N samples so far: forward only, forward + backward, and double backward.</summary>
    public (int Values, int Gradients, int HessianProducts) Passes => (values, gradients, hessianProducts);

    int values, gradients, hessianProducts;

    public double Value(Tensor x)
    {
        vector.Set(x);
        values++;
        using var _ = no_grad();
        double sum = 0;
        foreach (var (start, size) in Chunks())
        {
            using var scope = NewDisposeScope();
            sum += ChunkLoss(start, size).to_type(ScalarType.Float64).item<double>();
        }

        return sum / Samples;
    }

    public (double Value, Tensor Gradient) ValueAndGradient(Tensor x)
    {
        vector.Set(x);
        gradients++;
        double sum = 0;
        var gradient = zeros(Dimension, vector.Dtype);
        foreach (var (start, size) in Chunks())
        {
            using var scope = NewDisposeScope();
            var loss = ChunkLoss(start, size);
            sum += loss.detach().to_type(ScalarType.Float64).item<double>();
            var parts = autograd.grad([loss.Div(Samples)], parameters, allow_unused: true);
            gradient.Add_(vector.Flatten(parts));
        }

        return (sum / Samples, gradient);
    }

    /// <summary>
    /// H·v at the studied point, by double backward: per chunk, the gradient g is built with its
    /// own graph, then the derivative of g·v is taken. Costs about two gradient passes.
    /// </summary>
    public Tensor HessianVector(Tensor v)
    {
        using var direction = v.to_type(vector.Dtype);
        var pieces = vector.Split(direction);
        vector.Set(Point);
        hessianProducts++;
        var product = zeros(Dimension, vector.Dtype);
        foreach (var (start, size) in Chunks())
        {
            using var scope = NewDisposeScope();
            var loss = ChunkLoss(start, size).Div(Samples);

            // TorchSharp keeps the graph only when retain_graph is passed too (create_graph alone frees it).
            var grads = autograd.grad([loss], parameters, retain_graph: true, create_graph: true, allow_unused: true);
            Tensor? dot = null;
            for (var i = 0; i < grads.Count; i++)
            {
                if (!grads[i].IsInvalid && grads[i].requires_grad)
                {
                    var term = grads[i].mul(pieces[i]).sum();
                    dot = dot is null ? term : dot.Add(term);
                }
            }

            // A gradient that does not depend on θ (e.g. a model linear in θ) has zero curvature;
            // asking autograd to differentiate a constant would abort the process.
            if (dot is not null)
            {
                product.Add_(vector.Flatten(autograd.grad([dot], parameters, allow_unused: true)));
            }
        }

        return product;
    }

    /// <summary>Mean loss and error rate at the studied point over the N samples (error is NaN for regression).</summary>
    public (double Loss, double Error) Evaluate()
    {
        vector.Set(Point);
        return Evaluator.Evaluate(model, split, task, Samples, Chunk);
    }

    Tensor ChunkLoss(long start, long size) =>
        Losses.Sum(task, model.call(split.Inputs.narrow(0, start, size)), split.Targets.narrow(0, start, size));

    IEnumerable<(long Start, long Size)> Chunks()
    {
        for (long start = 0; start < Samples; start += Chunk)
        {
            yield return (start, Math.Min(Chunk, Samples - start));
        }
    }

    public void Dispose()
    {
        vector.Set(Point);
        model.train(wasTraining);
        Point.Dispose();
    }
}
