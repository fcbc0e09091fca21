using System.Globalization;
using BatchLab.Text;
using BatchLab.Training.Adaptive;

namespace BatchLab.Training;

/// <summary>
/// A fixed batch size whose learning rate steps down: η ÷ <see cref="Factor"/> at each fraction
/// <see cref="Drops"/> of the budget. It is the twin Smith, Kindermans, Ying and Le (2018) set
/// against growing B ("decay the rate" where the schedule policy would "increase the batch
/// size"). A grid's batch axis takes it as <c>decay:b=32,factor=2,drops=0.5/0.75</c> beside fixed
/// sizes and adaptive policies, because a batch value is what says how B and η evolve over a run:
/// one value adds one configuration, where a learning-rate-schedule axis would cross every B
/// with every schedule. Its drops are fractions of a fixed-B run's updates; at a fixed B those are
/// the same fractions of its samples, which is where the schedule policy grows B.
/// </summary>
public sealed record RateDecay(long Batch, double Factor, IReadOnlyList<double> Drops)
{
    public const string Word = "decay";

    /// <summary>The step schedule's and the schedule policy's drops when none are given.</summary>
    public static readonly IReadOnlyList<double> DefaultDrops = [0.5, 0.75];

    static readonly CultureInfo I = CultureInfo.InvariantCulture;

    public static bool IsDecay(string text) =>
        text.Trim().StartsWith(Word + ":", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>decay:b=32[,factor=2][,drops=0.5/0.75]</c>: B, the divisor of η at each drop (default 2), the drops.</summary>
    public static RateDecay Parse(string text)
    {
        BatchLabException Bad(string problem) => new($"rate decay '{text}': {problem}", BatchLabException.BadInput);
        if (!IsDecay(text))
        {
            throw Bad("it must start with 'decay:'");
        }

        long? batch = null;
        double factor = 2;
        IReadOnlyList<double> drops = DefaultDrops;
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in text.Trim()[(Word.Length + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw Bad($"'{part}' is not key=value");
            }

            var (key, value) = (part[..eq].Trim().ToLowerInvariant(), part[(eq + 1)..].Trim());
            if (!given.Add(key))
            {
                throw Bad($"'{key}' is given twice; keep one");
            }

            switch (key)
            {
                case "b":
                    batch = long.TryParse(value, NumberStyles.None, I, out var b) && b > 0 ? b : throw Bad($"b must be a positive whole number, got '{value}'");
                    break;
                case "factor":
                    factor = double.TryParse(value, NumberStyles.Float, I, out var f) && f > 1 && double.IsFinite(f) ? f : throw Bad($"factor (η ÷ factor at each drop) must be a number above 1, got '{value}'");
                    break;
                case "drops":
                    drops = [.. value.Split('/').Select(v => double.TryParse(v, NumberStyles.Float, I, out var d) && d is > 0 and < 1 ? d : throw Bad($"drops are fractions of the budget strictly between 0 and 1, separated by '/', got '{value}'")).Order()];
                    break;
                default:
                    throw Bad($"unknown key '{key}' (b, factor, drops)");
            }
        }

        return new RateDecay(batch ?? throw Bad("b (the fixed batch size) is missing"), factor, drops);
    }

    /// <summary>The decaying twin of a schedule policy: B held at its B₀, η ÷ its factor at its drops.</summary>
    public static RateDecay TwinOf(AdaptiveBatch policy) => new(policy.Min, policy.Factor, [.. (policy.Drops ?? DefaultDrops).Order()]);

    /// <summary>Whether this decays η exactly where <paramref name="policy"/> (a schedule policy) changes B or η.</summary>
    public bool Twins(AdaptiveBatch policy) =>
        policy.Policy == BatchPolicyKind.Schedule && TwinOf(policy) is var twin
        && twin.Batch == Batch && twin.Factor == Factor && twin.Drops.SequenceEqual(Drops);

    /// <summary>The run's options: B fixed, not adaptive, a step schedule multiplying η by 1/factor at each drop (the base run's rate and warm-up kept).</summary>
    public TrainOptions Apply(TrainOptions train) => train with
    {
        Adaptive = null,
        Batch = BatchSize.Of(Batch),
        LearningRate = train.LearningRate with { Schedule = ScheduleKind.Step, Drops = Drops, DropFactor = 1 / Factor },
    };

    /// <summary>"η ÷ 2 at 50% and 75%".</summary>
    public string Describe()
    {
        var at = Drops.Select(d => NumberFormat.Percent(0).Format(d)).ToList();
        var list = at.Count switch
        {
            0 => "never",
            1 => at[0],
            _ => $"{string.Join(", ", at.Take(at.Count - 1))} and {at[^1]}",
        };
        return $"η ÷ {NumberFormat.General.Format(Factor)} at {list}";
    }

    public override string ToString() => string.Create(I, $"{Word}:b={Batch},factor={Factor},drops={string.Join('/', Drops.Select(d => d.ToString(I)))}");
}
