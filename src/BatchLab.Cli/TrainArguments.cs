using System.CommandLine;
using System.Globalization;
using BatchLab.Training;
using BatchLab.Training.Adaptive;
using BatchLab.Training.Optimizers;

namespace BatchLab.Cli;

/// <summary>
/// The options that decide a training run, shared by `train` and (minus the grid axes) `sweep`,
/// `study` and `advise`. Each maps one-to-one onto a field of <see cref="TrainOptions"/>.
/// </summary>
public static class TrainArguments
{
    public static readonly Option<string> Model = new("--model") { Description = "Model spec (see `batchlab models`)", DefaultValueFactory = _ => "mlp:256" };
    public static readonly Option<string> Batch = new("--batch") { Description = "B: samples per weight update, 'full' (batch gradient descent; 1 = pure SGD), or adaptive[:policy=goodput|schedule,min=32,max=4096,lr=adascale|sqrt|linear|none,cap=8,every=0.1ep,factor=2,gain=0.05] (B changes during training)", DefaultValueFactory = _ => "32" };
    public static readonly Option<long?> MicroBatch = new("--micro-batch") { Description = "M: samples per forward/backward pass (gradient accumulation; memory only, default B)" };
    public static readonly Option<long?> NormBatch = new("--norm-batch", "--bn-batch") { Description = "G, the normalization batch: samples per BatchNorm statistic (ghost batch norm; must divide M; default: each pass)" };
    public static readonly Option<string> Sampling = new("--sampling") { Description = "shuffle (new permutation each epoch), replacement or sequential", DefaultValueFactory = _ => "shuffle" };
    public static readonly Option<bool> DropLast = new("--drop-last") { Description = "Drop the short last update of each epoch" };
    public static readonly Option<string> Optimizer = new("--optimizer") { Description = "sgd, adam or adamw", DefaultValueFactory = _ => "sgd" };
    public static readonly Option<double> Momentum = new("--momentum") { Description = "SGD momentum μ", DefaultValueFactory = _ => 0 };
    public static readonly Option<bool> Nesterov = new("--nesterov") { Description = "Nesterov momentum (SGD)" };
    public static readonly Option<double> WeightDecay = new("--weight-decay") { Description = "L2 (SGD, Adam) or decoupled (AdamW) weight decay λ", DefaultValueFactory = _ => 0 };
    public static readonly Option<double?> Lr = new("--lr") { Description = "η: learning rate per update (default 0.1 unless --base-lr)" };
    public static readonly Option<double?> BaseLr = new("--base-lr") { Description = "η̃: per-sample rate (Masters & Luschi), η = B·η̃" };
    public static readonly Option<string> LrScaling = new("--lr-scaling") { Description = "none, linear (η = lr·B/B0) or sqrt (η = lr·√(B/B0))", DefaultValueFactory = _ => "none" };
    public static readonly Option<long?> RefBatch = new("--ref-batch") { Description = "B0: the batch size at which --lr was tuned (with --lr-scaling)" };
    public static readonly Option<string?> Warmup = new("--warmup") { Description = "Linear warm-up length: 500 (updates), 500u, 2ep or 10000s (samples)" };
    public static readonly Option<string> Schedule = new("--schedule") { Description = "constant, step, cosine or linear (decay over the budget)", DefaultValueFactory = _ => "constant" };
    public static readonly Option<string> Drops = new("--drops") { Description = "Step schedule: fractions of the budget where η drops", DefaultValueFactory = _ => "0.5,0.75" };
    public static readonly Option<double> DropFactor = new("--drop-factor") { Description = "Step schedule: factor applied at each drop", DefaultValueFactory = _ => 0.1 };
    public static readonly Option<double> FinalLr = new("--final-lr") { Description = "Cosine/linear: final rate as a fraction of the peak", DefaultValueFactory = _ => 0 };
    public static readonly Option<double?> Epochs = new("--epochs") { Description = "Budget in epochs (default 1 when no budget is given)" };
    public static readonly Option<long?> Updates = new("--updates") { Description = "Budget in weight updates" };
    public static readonly Option<long?> Samples = new("--samples") { Description = "Budget in samples" };
    public static readonly Option<string?> Time = new("--time") { Description = "Budget in wall time: 90s, 15m, 2h" };
    public static readonly Option<string?> TargetOption = new("--target") { Description = "Record steps to a target, e.g. val_error=0.01, and stop there" };
    public static readonly Option<bool> ContinueAfterTarget = new("--continue-after-target") { Description = "Keep training after --target is met" };
    public static readonly Option<string?> EvalEvery = new("--eval-every") { Description = "Evaluation interval: 100 (updates), 0.5ep, 6000s; default once per epoch" };
    /// <summary>`train` evaluates training metrics on the first this many training samples unless told otherwise: one pass over 60,000 samples of a real model takes minutes.</summary>
    public const long DefaultTrainEvalSamples = 10_000;

    public static readonly Option<string?> TrainEvalSamples = new("--train-eval-samples")
    {
        Description = "Training samples for train loss/error at each evaluation: N (the first N, a fixed sample) or all; default for train 10000, for sweep all",
    };
    public static readonly Option<double?> ClipGradNorm = new("--clip-grad-norm") { Description = "Clip the update gradient's global L2 norm" };
    public static readonly Option<long> Seed = new("--seed") { Description = "Seed of weight init and sampling", DefaultValueFactory = _ => 0 };
    public static readonly Option<string> Dtype = new("--dtype") { Description = "float32 or float64", DefaultValueFactory = _ => "float32" };
    public static readonly Option<string> Device = new("--device") { Description = "cpu or cuda (an error where CUDA is unavailable)", DefaultValueFactory = _ => "cpu" };

    public static IEnumerable<Option> All =>
    [
        Model, Batch, MicroBatch, NormBatch, Sampling, DropLast, Optimizer, Momentum, Nesterov, WeightDecay,
        Lr, BaseLr, LrScaling, RefBatch, Warmup, Schedule, Drops, DropFactor, FinalLr,
        Epochs, Updates, Samples, Time, TargetOption, ContinueAfterTarget, EvalEvery, TrainEvalSamples, ClipGradNorm,
        Seed, Dtype, Device,
    ];

    public static void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// The <see cref="TrainOptions"/> the parsed options describe (validated where they can be
    /// alone). Options the command does not have (`sweep` replaces --batch, --lr, --base-lr and
    /// --momentum with grid axes) take the <see cref="TrainOptions"/> defaults.
    /// </summary>
    public static TrainOptions Options(ParseResult parse)
    {
        var lr = parse.GetValue(Lr);
        var baseLr = parse.GetValue(BaseLr);
        return new TrainOptions
        {
            Batch = parse.GetValue(Batch) is { } batch ? AdaptiveBatchSyntax.IsAdaptive(batch) ? BatchSize.Of(AdaptiveBatchSyntax.Parse(batch).Min) : BatchSize.Parse(batch) : new TrainOptions().Batch,
            Adaptive = parse.GetValue(Batch) is { } text && AdaptiveBatchSyntax.IsAdaptive(text) ? AdaptiveBatchSyntax.Parse(text) : null,
            MicroBatch = parse.GetValue(MicroBatch),
            NormBatch = parse.GetValue(NormBatch),
            Sampling = ParseEnum<SamplingMode>(parse.GetValue(Sampling)!, "--sampling"),
            DropLast = parse.GetValue(DropLast),
            Optimizer = new OptimizerOptions(
                OptimizerOptions.ParseKind(parse.GetValue(Optimizer)!),
                parse.GetValue(Momentum),
                parse.GetValue(Nesterov),
                parse.GetValue(WeightDecay)),
            LearningRate = new LearningRateOptions(
                Lr: lr ?? (baseLr is null ? 0.1 : null),
                BaseLr: baseLr,
                Scaling: ParseEnum<LrScaling>(parse.GetValue(LrScaling)!, "--lr-scaling"),
                RefBatch: parse.GetValue(RefBatch),
                Warmup: parse.GetValue(Warmup) is { } w ? Duration.Parse(w) : null,
                Schedule: ParseEnum<ScheduleKind>(parse.GetValue(Schedule)!, "--schedule"),
                Drops: ParseList(parse.GetValue(Drops)!, "--drops"),
                DropFactor: parse.GetValue(DropFactor),
                FinalFraction: parse.GetValue(FinalLr)),
            Budget = new Budget(parse.GetValue(Epochs), parse.GetValue(Updates), parse.GetValue(Samples), parse.GetValue(Time) is { } t ? ParseTime(t) : null),
            Target = parse.GetValue(TargetOption) is { } target ? Target.Parse(target, stop: !parse.GetValue(ContinueAfterTarget)) : null,
            EvalEvery = parse.GetValue(EvalEvery) is { } e ? Duration.Parse(e) : null,
            TrainEvalSamples = TrainEvalSampleCount(parse.GetValue(TrainEvalSamples)),
            ClipGradNorm = parse.GetValue(ClipGradNorm),
            Seed = parse.GetValue(Seed),
            Precision = PrecisionExtensions.Parse(parse.GetValue(Dtype)!),
            Device = parse.GetValue(Device)!,
        };
    }

    public static T ParseEnum<T>(string text, string option)
        where T : struct, Enum =>
        Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw new BatchLabException($"{option} '{text}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");

    static List<double> ParseList(string text, string option) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x =>
            double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new BatchLabException($"{option}: '{x}' is not a number"))];

    const double MaxSeconds = 100 * 365.25 * 86400;

    /// <summary>Parses 90s, 15m, 2h or a plain number of seconds.</summary>
    public static TimeSpan ParseTime(string text, string option = "--time")
    {
        var t = text.Trim().ToLowerInvariant();
        var (number, scale) = t.EndsWith('h') ? (t[..^1], 3600.0) : t.EndsWith('m') ? (t[..^1], 60.0) : t.EndsWith('s') ? (t[..^1], 1.0) : (t, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v > 0))
        {
            throw new BatchLabException($"{option} '{text}' is not a duration like 90s, 15m or 2h");
        }

        // TimeSpan ends near 29,000 years; a budget or lease past a century is a typo.
        return v * scale <= MaxSeconds
            ? TimeSpan.FromSeconds(v * scale)
            : throw new BatchLabException($"{option} '{text}' is longer than 100 years; give a duration like 90s, 15m or 2h");
    }

    /// <summary>`--train-eval-samples`: a count, or `all` (null: every training sample).</summary>
    static long? TrainEvalSampleCount(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "all" => null,
        var n when long.TryParse(n, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count) => count,
        _ => throw new BatchLabException($"--train-eval-samples takes a number of samples or 'all', got '{text}'"),
    };
}
