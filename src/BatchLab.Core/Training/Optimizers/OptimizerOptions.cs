namespace BatchLab.Training.Optimizers;

public enum OptimizerKind
{
    Sgd,
    Adam,
    AdamW,
}

/// <summary>
/// Optimizer hyperparameters (the learning rate is separate: see LearningRateOptions).
/// Defaults follow torch.optim: plain SGD without momentum; Adam β = (0.9, 0.999), ε = 1e-8.
/// For Adam, weight decay is L2 added to the gradient; for AdamW it is decoupled (Loshchilov &amp; Hutter).
/// </summary>
public sealed record OptimizerOptions(
    OptimizerKind Kind = OptimizerKind.Sgd,
    double Momentum = 0,
    bool Nesterov = false,
    double WeightDecay = 0,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    double Epsilon = 1e-8)
{
    public static OptimizerKind ParseKind(string text) => text.Trim().ToLowerInvariant() switch
    {
        "sgd" => OptimizerKind.Sgd,
        "adam" => OptimizerKind.Adam,
        "adamw" => OptimizerKind.AdamW,
        _ => throw new BatchLabException($"unknown optimizer '{text}'; choose sgd, adam or adamw"),
    };

    public void Validate()
    {
        if (!(Momentum >= 0 && Momentum < 1)) // NaN fails every comparison: written so that it is refused
        {
            throw new BatchLabException($"momentum must be in [0, 1), got {Momentum}");
        }

        if (Nesterov && (Kind != OptimizerKind.Sgd || Momentum == 0))
        {
            throw new BatchLabException("Nesterov needs --optimizer sgd with --momentum > 0");
        }

        if (!(WeightDecay >= 0 && double.IsFinite(WeightDecay)))
        {
            throw new BatchLabException($"weight decay must be a finite number ≥ 0, got {WeightDecay}");
        }

        if (!(Beta1 >= 0 && Beta1 < 1 && Beta2 >= 0 && Beta2 < 1 && Epsilon > 0 && double.IsFinite(Epsilon)))
        {
            throw new BatchLabException("Adam needs 0 ≤ β1, β2 < 1 and ε > 0");
        }
    }
}
