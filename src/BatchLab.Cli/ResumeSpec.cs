using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchLab.Runs;

namespace BatchLab.Cli;

/// <summary>
/// `train --out DIR --resume`: the run's own spec.json is the spec, so nothing needs retyping.
/// An option typed again with the same value changes nothing. One typed with another value is
/// named ("--updates differs: 450 vs 300"): options that do not change the trajectory (the budget
/// of a constant-rate run, M, the target, evaluation) take the new value and say so; any other
/// is refused before anything runs, because the checkpoint cannot continue a different run.
/// </summary>
public static class ResumeSpec
{
    /// <summary>Where each option lands in spec.json (by path prefix); fields without an option are never compared.</summary>
    static readonly (string Path, string Option)[] Options =
    [
        ("data", "--data"), ("model", "--model"),
        ("data_options.data_dir", "--data-dir"), ("data_options.validation", "--val"), ("data_options.val", "--val"),
        ("data_options.train_subset", "--train-subset"), ("data_options.test_subset", "--test-subset"),
        ("train.batch", "--batch"), ("train.micro_batch", "--micro-batch"), ("train.norm_batch", "--norm-batch"),
        ("train.sampling", "--sampling"), ("train.drop_last", "--drop-last"),
        ("train.optimizer.kind", "--optimizer"), ("train.optimizer.momentum", "--momentum"), ("train.optimizer.nesterov", "--nesterov"),
        ("train.optimizer.weight_decay", "--weight-decay"),
        ("train.learning_rate.lr", "--lr"), ("train.learning_rate.base_lr", "--base-lr"), ("train.learning_rate.scaling", "--lr-scaling"),
        ("train.learning_rate.ref_batch", "--ref-batch"), ("train.learning_rate.warmup", "--warmup"), ("train.learning_rate.schedule", "--schedule"),
        ("train.learning_rate.drops", "--drops"), ("train.learning_rate.drop_factor", "--drop-factor"), ("train.learning_rate.final_fraction", "--final-lr"),
        ("train.budget.epochs", "--epochs"), ("train.budget.updates", "--updates"), ("train.budget.samples", "--samples"), ("train.budget.time", "--time"),
        ("train.target.stop", "--continue-after-target"), ("train.target", "--target"),
        ("train.eval_every", "--eval-every"), ("train.train_eval_samples", "--train-eval-samples"), ("train.clip_grad_norm", "--clip-grad-norm"),
        ("train.seed", "--seed"), ("train.precision", "--dtype"), ("train.device", "--device"),
    ];

    static readonly HashSet<string> Budget = ["--epochs", "--updates", "--samples", "--time"];

    /// <summary>Options a resumed run may change: memory, evaluation and where it stops, not the trajectory.</summary>
    static readonly HashSet<string> Free = ["--micro-batch", "--target", "--continue-after-target", "--eval-every", "--train-eval-samples", "--device"];

    /// <param name="stored">spec.json of the run folder.</param>
    /// <param name="given">The spec the command line describes (defaults filled in).</param>
    /// <param name="typed">Whether the user typed an option (by name) on this command line.</param>
    /// <returns>The spec to resume with, and one line per changed option.</returns>
    public static (RunSpec Spec, IReadOnlyList<string> Changes) Merge(RunSpec stored, RunSpec given, Func<string, bool> typed, string folder)
    {
        var old = Flatten(JsonNode.Parse(stored.ToJson()));
        var now = Flatten(JsonNode.Parse(given.ToJson()));
        var constant = stored.Train.LearningRate.Schedule == Training.ScheduleKind.Constant;
        var changes = new List<string>();
        var refused = new List<string>();
        var take = new HashSet<string>();
        foreach (var path in old.Keys.Union(now.Keys).Order(StringComparer.Ordinal))
        {
            var (before, after) = (old.GetValueOrDefault(path), now.GetValueOrDefault(path));
            if (before == after || OptionOf(path) is not { } option || !typed(option))
            {
                continue;
            }

            var line = $"{option} differs: {after ?? "not set"} vs {before ?? "not set"}";
            if (Free.Contains(option) || (Budget.Contains(option) && constant))
            {
                take.Add(path);
                changes.Add(line);
            }
            else
            {
                refused.Add(line);
            }
        }

        if (refused.Count > 0)
        {
            throw new BatchLabException(
                $"cannot resume {folder} with {string.Join("; ", refused.Distinct())} (this command vs its spec.json): the checkpoint continues that run; drop the option, or start a new run in another --out");
        }

        var merged = JsonNode.Parse(stored.ToJson())!;
        var source = JsonNode.Parse(given.ToJson())!;
        foreach (var path in take)
        {
            Set(merged, path, Find(source, path));
        }

        // Budget fields are one setting: a new --updates replaces the stored budget, it does not add to it.
        if (take.Any(p => p.StartsWith("train.budget.", StringComparison.Ordinal)))
        {
            merged["train"]!["budget"] = source["train"]!["budget"]?.DeepClone();
        }

        return (RunSpec.FromJson(merged.ToJsonString()), changes.Distinct().ToList());
    }

    /// <summary>Whether the user typed an option (by name or alias) on the command line, rather than taking its default.</summary>
    public static Func<string, bool> Typed(ParseResult parse) => name =>
        parse.CommandResult.Children.OfType<System.CommandLine.Parsing.OptionResult>()
            .Any(o => !o.Implicit && (o.Option.Name == name || o.Option.Aliases.Contains(name)));

    static string? OptionOf(string path) =>
        Options.Where(o => path == o.Path || path.StartsWith(o.Path + ".", StringComparison.Ordinal) || path.StartsWith(o.Path + "[", StringComparison.Ordinal))
            .OrderByDescending(o => o.Path.Length).Select(o => o.Option).FirstOrDefault();

    /// <summary>Leaf values by dotted path ("train.budget.updates" → "300"); arrays whole.</summary>
    static Dictionary<string, string> Flatten(JsonNode? node, string path = "", Dictionary<string, string>? into = null)
    {
        into ??= [];
        if (node is JsonObject o)
        {
            foreach (var (key, value) in o)
            {
                Flatten(value, path.Length == 0 ? key : $"{path}.{key}", into);
            }
        }
        else if (node is not null)
        {
            into[path] = node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node.ToJsonString();
        }

        return into;
    }

    static JsonNode? Find(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (var key in path.Split('.'))
        {
            node = node is JsonObject o ? o[key] : null;
        }

        return node?.DeepClone();
    }

    static void Set(JsonNode root, string path, JsonNode? value)
    {
        var keys = path.Split('.');
        var node = root;
        foreach (var key in keys[..^1])
        {
            node = node[key] ??= new JsonObject();
        }

        if (value is null)
        {
            ((JsonObject)node).Remove(keys[^1]);
        }
        else
        {
            node[keys[^1]] = value;
        }
    }
}
