using BatchLab.Training.Optimizers;

namespace BatchLab.Training.Fused;

/// <summary>
/// Which trials may train as one fused group: those whose options agree on everything but the
/// per-member values — seed, learning rate and its schedule, momentum, weight decay, Adam's β and
/// ε, gradient clipping and the target. Shared: B, M, G, sampling, budget, evaluation, precision,
/// device, and the optimizer's kind (and Nesterov).
/// </summary>
public static class FusedCompatibility
{
    static readonly (string Name, Func<TrainOptions, object?> Value)[] SharedFields =
    [
        ("batch", o => o.Batch),
        ("micro-batch", o => o.MicroBatch),
        ("normalization batch", o => o.NormBatch),
        ("sampling", o => o.Sampling),
        ("drop-last", o => o.DropLast),
        ("budget", o => o.Budget),
        ("evaluation interval", o => o.EvalEvery),
        ("train-evaluation samples", o => o.TrainEvalSamples),
        ("evaluation screen", o => o.Screen),
        ("precision", o => o.Precision),
        ("device", o => o.Device),
        ("optimizer", o => o.Optimizer.Kind),
        ("Nesterov", o => o.Optimizer.Nesterov),
    ];

    /// <summary>
    /// The options with every per-member value reset: two trials (same data and model) can be fused
    /// exactly when their keys are equal. Use it to group trials.
    /// </summary>
    public static TrainOptions Key(TrainOptions options) => options with
    {
        Seed = 0,
        LearningRate = new LearningRateOptions(Lr: 1),
        Optimizer = new OptimizerOptions(options.Optimizer.Kind, Nesterov: options.Optimizer.Nesterov),
        ClipGradNorm = null,
        Target = null,
    };

    /// <exception cref="BatchLabException">Two members differ in a shared option (the message names it).</exception>
    public static void Check(IReadOnlyList<TrainOptions> members)
    {
        foreach (var (name, value) in SharedFields)
        {
            var first = value(members[0]);
            if (members.Skip(1).FirstOrDefault(m => !Equals(value(m), first)) is { } other)
            {
                throw new BatchLabException(
                    $"fused members must share the {name} (got {first} and {value(other)}); group trials by FusedCompatibility.Key or train them unfused");
            }
        }
    }
}
