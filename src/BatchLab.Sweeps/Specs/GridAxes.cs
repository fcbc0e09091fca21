using BatchLab.Training;
using BatchLab.Training.Adaptive;
using BatchLab.Training.Optimizers;

namespace BatchLab.Sweeps.Specs;

/// <summary>
/// The axes a grid can have. Their order here is the order of a grid's nested loops, outermost
/// first: seeds outermost, so that the first trials to finish cover the whole grid once, and the
/// learning rate innermost, so that neighbouring trials share data, model and batch size.
/// A new axis is one more entry.
/// </summary>
public static class GridAxes
{
    public static readonly GridAxisKind Seed = new(
        "seed",
        "a whole number ≥ 0",
        v => v.Whole >= 0,
        (s, v) => s with { Train = s.Train with { Seed = v.Whole!.Value } });

    public static readonly GridAxisKind Model = new(
        "model",
        "a model spec such as mlp:256 (see `batchlab models`)",
        v => v.Word is not null,
        (s, v) => s with { Model = v.Word! });

    public static readonly GridAxisKind Optimizer = new(
        "optimizer",
        "sgd, adam or adamw",
        v => v.Word is "sgd" or "adam" or "adamw",
        (s, v) => s with { Train = s.Train with { Optimizer = s.Train.Optimizer with { Kind = OptimizerOptions.ParseKind(v.Word!) } } });

    public static readonly GridAxisKind Batch = new(
        "batch",
        "a positive whole number, full, adaptive[:policy=goodput|schedule,min=…,max=…], or decay:b=…[,factor=2,drops=0.5/0.75] (B fixed, η ÷ factor at each drop)",
        v => v.Word == "full" || v.Whole > 0 || (v.Word is { } w && (AdaptiveBatchSyntax.IsAdaptive(w) || RateDecay.IsDecay(w))),
        (s, v) => s with
        {
            Train = v.Word is { } w && AdaptiveBatchSyntax.IsAdaptive(w)
                ? s.Train with { Adaptive = AdaptiveBatchSyntax.Parse(w), Batch = BatchSize.Of(AdaptiveBatchSyntax.Parse(w).Min) }
                // Smith et al.'s decaying twin: a batch value, since it says how B and η evolve over the run (RateDecay).
                : v.Word is { } d && RateDecay.IsDecay(d) ? RateDecay.Parse(d).Apply(s.Train)
                : s.Train with { Adaptive = null, Batch = v.Word == "full" ? BatchSize.Full : BatchSize.Of(v.Whole!.Value) },
        });

    public static readonly GridAxisKind Momentum = new(
        "momentum",
        "a number in [0, 1)",
        v => v.Number is >= 0 and < 1,
        (s, v) => s with { Train = s.Train with { Optimizer = s.Train.Optimizer with { Momentum = v.Number!.Value } } });

    /// <summary>η per update (with the base's --lr-scaling applied on top, if any).</summary>
    public static readonly GridAxisKind Lr = new(
        "lr",
        "a positive number",
        v => v.Number > 0,
        (s, v) => s with { Train = s.Train with { LearningRate = s.Train.LearningRate with { Lr = v.Number, BaseLr = null } } });

    /// <summary>η̃ per sample (η = B·η̃), Masters &amp; Luschi's axis.</summary>
    public static readonly GridAxisKind BaseLr = new(
        "base_lr",
        "a positive number",
        v => v.Number > 0,
        (s, v) => s with { Train = s.Train with { LearningRate = s.Train.LearningRate with { Lr = null, BaseLr = v.Number } } });

    /// <summary>
    /// A fraction of the base budget (every counting limit and the time limit scaled by it): the
    /// rungs of a budgeted study's successive halving. With a constant rate a shorter run is the
    /// prefix of the longer one (same seed, same sample order).
    /// </summary>
    public static readonly GridAxisKind BudgetFraction = new(
        "budget",
        "a fraction of the base budget in (0, 1]",
        v => v.Number is > 0 and <= 1,
        (s, v) => s with { Train = s.Train with { Budget = Scale(s.Train.Budget, v.Number!.Value) } });

    /// <summary>Whether the run stops at its target (yes) or records it and trains on (no); a run without a target is unchanged.</summary>
    public static readonly GridAxisKind StopAtTarget = new(
        "stop_at_target",
        "yes or no",
        v => v.Word is "yes" or "no",
        (s, v) => s.Train.Target is { } target ? s with { Train = s.Train with { Target = target with { Stop = v.Word == "yes" } } } : s);

    public static IReadOnlyList<GridAxisKind> All { get; } = [Seed, Model, Optimizer, Batch, Momentum, Lr, BaseLr, BudgetFraction, StopAtTarget];

    static Budget Scale(Budget budget, double fraction) => fraction >= 1 ? budget : new Budget(
        budget.Epochs * fraction,
        budget.Updates is long u ? Math.Max(1, (long)Math.Ceiling(u * fraction)) : null,
        budget.Samples is long n ? Math.Max(1, (long)Math.Ceiling(n * fraction)) : null,
        budget.Time * fraction);

    public static GridAxisKind Named(string name) =>
        All.FirstOrDefault(k => k.Name == name)
        ?? throw new BatchLabException($"unknown grid axis '{name}'; axes: {string.Join(", ", All.Select(k => k.Name))}");

    /// <summary>Position in the nested loops (outermost 0).</summary>
    public static int Order(string name) => All.ToList().FindIndex(k => k.Name == name);
}
