using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BatchLab.Adaptive;
using BatchLab.Cli.Progress;
using BatchLab.Diagnostics.Noise;
using BatchLab.IO;
using BatchLab.Models;
using BatchLab.Runs;
using BatchLab.Runtime;
using BatchLab.Training;
using BatchLab.Training.Adaptive;
using BatchLab.Training.Checkpoints;
using BatchLab.Training.Outputs;

namespace BatchLab.Cli.Commands;

/// <summary>
/// `batchlab train`: one run with update batch B, micro-batch M and BatchNorm batch G. Writes
/// spec.json, metrics.jsonl, tensorboard/, checkpoints/ and summary.json under --out.
/// </summary>
public static class TrainCommand
{
    static readonly Option<string> Data = new("--data") { Description = DataSourceForms.Help, DefaultValueFactory = _ => "mnist" };
    static readonly Option<string?> Out = new Option<string?>("--out") { Description = "Run folder (default runs/train-<time>)" }.WritableFolder();
    static readonly Option<bool> Resume = new("--resume") { Description = "Continue the run in --out from its newest valid checkpoint" };
    static readonly Option<string?> Save = new Option<string?>("--save") { Description = "Also save the final weights: FILE.safetensors (state dict, any model) or, for a TorchScript model, FILE.pt (the module with its trained weights, for torch.jit.load)" }.WritableFile();
    static readonly Option<string?> Init = new("--init") { Description = "Start from the weights in this safetensors file (e.g. exported from PyTorch)" };
    static readonly Option<string?> CheckpointEvery = new("--checkpoint-every") { Description = "Checkpoint interval: 500 (updates), 1ep, 100000s; default each epoch and each minute" };
    static readonly Option<long?> LogEvery = new Option<long?>("--log-every") { Description = "Write the mini-batch loss to metrics.jsonl every N updates (default ~100 per epoch)" }.AtLeast(1, "updates between logged losses");
    static readonly Option<int?> Threads = new Option<int?>("--threads") { Description = "Torch intra-op threads (default: all cores)" }.ThreadCount();
    static readonly Option<string?> Throughput = new("--throughput") { Description = "Adaptive goodput: decide on this throughput table (a run folder's throughput.json, or diagnose throughput's result.json) instead of measuring one" };
    static readonly Option<bool> TrackNoise = new("--track-noise") { Description = "Track the gradient noise scale B_simple (noise_scale, grad_sq_norm, trace_cov at each evaluation); needs M < B, default M = ⌈B/2⌉" };

    static readonly JsonSerializerOptions SpecJson = new(RunSpec.Json) { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("train", "Train one model with update batch B, micro-batch M and BatchNorm batch G kept independent and exact")
        {
            Data, Out, Resume, Save, Init, CheckpointEvery, LogEvery, Threads, TrackNoise, Throughput,
        };
        DataArguments.AddTo(command);
        TrainArguments.AddTo(command);
        command.SetAction(Run);
        return command;
    }

    /// <summary>spec.json: the run spec plus the BatchLab version that wrote it (ignored when the spec is read back).</summary>
    static string SpecFileText(RunSpec spec)
    {
        var node = JsonSerializer.SerializeToNode(spec, SpecJson)!.AsObject();
        node["batchlab_version"] = BatchLabVersion.Current;
        return node.ToJsonString(SpecJson);
    }

    static int Run(ParseResult parse)
    {
        var spec = new RunSpec(DataArguments.Name(parse, Data), DataArguments.Options(parse), parse.GetValue(TrainArguments.Model)!, TrainArguments.Options(parse));
        var resume = parse.GetValue(Resume);
        if (resume && parse.GetValue(Out) is null)
        {
            throw new BatchLabException("--resume continues the run in --out DIR: give its folder");
        }

        var outDir = parse.GetValue(Out) ?? Path.Combine("runs", "train-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        var checkpoints = new CheckpointFolder(Path.Combine(outDir, "checkpoints"));
        var specFile = Path.Combine(outDir, "spec.json");
        var writeSpec = true;
        if (resume && File.Exists(specFile))
        {
            // The run's own spec: nothing to retype; a changed option is named, never silently mixed in.
            (spec, var changes) = ResumeSpec.Merge(RunSpec.FromJson(File.ReadAllText(specFile)), spec, ResumeSpec.Typed(parse), outDir);
            foreach (var change in changes)
            {
                Output.Log($"resuming {outDir} with a change: {change}");
            }

            writeSpec = changes.Count > 0;
        }

        spec.Validate();
        if (parse.GetValue(Save) is { } target)
        {
            TrainedModelFile.Check(target, spec.Model);
        }

        if (!resume && checkpoints.LoadNewestFirst().Any())
        {
            throw new BatchLabException($"'{outDir}' already holds a run; pass --resume to continue it, or choose another --out");
        }

        // This process writes the folder now: what a killed write left behind goes.
        checkpoints.RemoveLeftovers();

        TorchThreads.Set(parse.GetValue(Threads));

        using var data = RunFactory.LoadData(spec, DataArguments.Context());
        if (!resume && parse.GetResult(TrainArguments.TrainEvalSamples) is null && data.Train.Count > TrainArguments.DefaultTrainEvalSamples)
        {
            // A pass over every training sample at each evaluation costs minutes on a real model; a fixed sample is enough to follow the training loss.
            spec = spec with { Train = spec.Train with { TrainEvalSamples = TrainArguments.DefaultTrainEvalSamples } };
            Output.Log(string.Create(CultureInfo.InvariantCulture, $"training loss and error at evaluations: on the first {TrainArguments.DefaultTrainEvalSamples:N0} of {data.Train.Count:N0} training samples, a fixed sample (--train-eval-samples all for every one)"));
        }

        NoiseScaleTracker? noise = null;
        if (parse.GetValue(TrackNoise))
        {
            spec = spec with { Train = NoiseTracking.WithTwoBatchSizes(spec.Train, data.Train.Count) };
            noise = NoiseScaleTracker.For(spec.Train.Plan(data.Train.Count));
        }

        var model = RunFactory.CreateModel(spec, data);
        if (spec.Train.Plan(data.Train.Count).NormBatchWarning(model.HasBatchNorm()) is { } warning)
        {
            Output.Log($"batchlab: note: {warning}");
        }

        if (parse.GetValue(Init) is { } init)
        {
            WeightsFile.Load(model, init);
        }

        var json = parse.GetValue(CommonOptions.Json);
        var logEvery = parse.GetValue(LogEvery);
        using var interruption = new Interruption();
        TrainResult result;
        BatchPlan plan;
        long? context = data.Text?.Context;
        using (var metrics = new MetricsLog(Path.Combine(outDir, "metrics.jsonl"), logEvery ?? 1) { TokensPerSample = context })
        {
            var progress = new TrainingProgress(Path.GetFileName(Path.GetFullPath(outDir)), TrainingProgress.ForTrain, parse.GetValue(CommonOptions.Verbose));
            var hooks = new TrainerHooks
            {
                Checkpoints = checkpoints,
                CheckpointEvery = parse.GetValue(CheckpointEvery) is { } every ? Duration.Parse(every) : null,
                Resume = resume,
                Observers = [metrics, new TensorBoardLog(Path.Combine(outDir, "tensorboard"), logEvery ?? 1), progress],
                Probe = noise,
                Metrics = noise is null ? [] : [noise],
            };
            var throughput = ThroughputFor(spec, data, parse.GetValue(Throughput) ?? (resume && File.Exists(Path.Combine(outDir, "throughput.json")) ? Path.Combine(outDir, "throughput.json") : null));
            hooks = BatchPolicies.With(hooks, spec.Train, data.Train.Count, throughput);
            using var trainer = new Trainer(model, data, spec.Train, hooks);
            plan = trainer.Plan;
            if (context is long t)
            {
                Output.Log(string.Create(CultureInfo.InvariantCulture, $"text: a sample is a sequence of {t} tokens; B = {plan.Batch:N0} sequences = {plan.Batch * t:N0} tokens per update, M = {plan.MicroBatch:N0} sequences = {plan.MicroBatch * t:N0} tokens per pass"));
            }

            if (logEvery is null)
            {
                metrics.LogEvery = Math.Max(1, plan.UpdatesPerEpoch / 100);
            }

            // The trainer validated the plan and the model against the data: only now touch the disk.
            Directory.CreateDirectory(outDir);
            if (writeSpec)
            {
                AtomicFile.Write(specFile, SpecFileText(spec));
            }

            if (throughput is not null)
            {
                ThroughputTableFile.Write(Path.Combine(outDir, "throughput.json"), throughput);
            }

            result = Terminal.IsLive ? Terminal.Live(context =>
            {
                progress.Attach(context);
                return trainer.Run(interruption.Token);
            }) : trainer.Run(interruption.Token);
        }

        if (parse.GetValue(Save) is { } save)
        {
            TrainedModelFile.Save(model, save, spec.Model);
        }

        var summary = TrainSummary.From(result, plan, context);
        AtomicFile.Write(Path.Combine(outDir, "summary.json"), JsonSerializer.Serialize(summary, Output.JsonOptions));
        if (json)
        {
            Output.Json(summary);
        }
        else
        {
            PrintSummary(summary, outDir);
        }

        return result.State switch
        {
            RunEnd.Diverged => ExitCodes.Diverged,
            RunEnd.Interrupted => ExitCodes.Interrupted,
            _ => ExitCodes.Ok,
        };
    }

    static void PrintSummary(TrainSummary s, string outDir)
    {
        var i = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(i, $"{s.State}: {s.Updates:N0} updates, {s.Epochs:F2} epochs, {s.Samples:N0} samples in {s.WallSeconds:F1}s ({s.StepSeconds:F1}s in steps)"));
        if (s.Divergence is { } d)
        {
            Console.WriteLine(string.Create(i, $"diverged at update {d.Update:N0}: loss {d.Loss}, last finite loss {d.LastFiniteLoss?.ToString("G6", i) ?? "none"}"));
        }

        string Pct(double? v) => v is double x ? string.Create(i, $"{x * 100:F2}%") : "-";
        string Num(double? v) => v is double x ? x.ToString("G5", i) : "-";
        if (s.TokensPerUpdate is long tokens)
        {
            Console.WriteLine(string.Create(i, $"text: {tokens:N0} tokens per update (B = {s.Batch:N0} × {s.TokensPerSample:N0}), {s.Tokens:N0} tokens seen, {s.Tokens / Math.Max(s.StepSeconds, 1e-9):N0} tokens/s in steps"));
            Console.WriteLine($"train loss {Num(s.TrainLoss)} ({Num(s.TrainBpb)} bits/byte) | val loss {Num(s.ValLoss)} ({Num(s.ValBpb)} bits/byte) | test loss {Num(s.TestLoss)} ({Num(s.TestBpb)} bits/byte)");
        }
        else
        {
            Console.WriteLine($"train loss {Num(s.TrainLoss)} error {Pct(s.TrainError)} | val loss {Num(s.ValLoss)} error {Pct(s.ValError)} | test loss {Num(s.TestLoss)} error {Pct(s.TestError)}");
        }
        if (s.Target is { } t)
        {
            Console.WriteLine(string.Create(i, $"target {t.Metric} ≤ {t.Threshold} reached at update {t.Update:N0} ({t.Samples:N0} samples, {t.Epochs:F2} epochs)"));
        }

        Console.WriteLine($"weights sha256 {s.WeightsSha256}; run folder {outDir}");
    }

    /// <summary>The goodput policy's throughput table: read from <paramref name="file"/>, or measured here before training (about a second); null for other runs.</summary>
    static ThroughputTable? ThroughputFor(RunSpec spec, Data.Dataset data, string? file)
    {
        if (spec.Train.Adaptive is not { Policy: BatchPolicyKind.Goodput })
        {
            return null;
        }

        if (file is not null)
        {
            return ThroughputTableFile.Read(file);
        }

        Output.Log("adaptive batch: measuring training throughput at each B the goodput policy may pick");
        return BatchPolicies.MeasureThroughput(spec.Model, data, spec.Train);
    }
}
