namespace BatchLab.Diagnostics.Noise;

/// <summary>
/// An exponential moving average with Adam's bias correction (divided by 1 − β^t), so that the
/// first values are not pulled toward zero. β = 0.99 averages over roughly the last 100 values.
/// </summary>
public sealed class Ema(double decay)
{
    double sum;
    double weight;

    public long Count { get; private set; }

    public double? Value => Count > 0 ? sum / weight : null;

    public void Add(double value)
    {
        sum = (decay * sum) + ((1 - decay) * value);
        weight = (decay * weight) + (1 - decay);
        Count++;
    }
}
