using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace BatchLab.Cli;

/// <summary>
/// Two or three examples at the end of every command's --help: what a user copies first. Keyed
/// by the command as typed after `batchlab` ("" for batchlab itself); the README shows the same.
/// </summary>
public static class HelpExamples
{
    public static IReadOnlyDictionary<string, string[]> All { get; } = new Dictionary<string, string[]>
    {
        [""] = ["batchlab study", "batchlab advise --data mnist --model mlp:256", "batchlab train --data mnist --batch 32 --out runs/a"],
        ["doctor"] = ["batchlab doctor", "batchlab doctor --json"],
        ["data"] = ["batchlab data list", "batchlab data fetch mnist", "batchlab data info mnist --json"],
        ["data list"] = ["batchlab data list", "batchlab data list --json"],
        ["data fetch"] = ["batchlab data fetch mnist", "batchlab data fetch fashion-mnist"],
        ["data info"] = ["batchlab data info mnist --json", "batchlab data info --data-dir DIR --val 1000 --train-subset 5000 --test-subset 1000"],
        ["saddle"] = ["batchlab saddle", "batchlab saddle --dim 6 --seeds 10 --batch 1,8,64,512 --lr 0.002 --steps 8000 --out runs/saddle"],
        ["train"] =
        [
            "batchlab train --data mnist --model mlp:256 --batch 32 --lr 0.1 --epochs 5 --out runs/a",
            "batchlab train --batch 1024 --micro-batch 256 --base-lr 0.004 --target val_error=0.02 --out runs/b",
            "batchlab train --out runs/a --resume --epochs 10",
        ],
        ["models"] = ["batchlab models", "batchlab models mlp:512x256,bn", "batchlab models vgg16 --json"],
        ["sweep"] =
        [
            "batchlab sweep --name ml --data mnist --model mlp:256 --batch 8,32,128 --base-lr 2^-10..2^-4:2 --seeds 2",
            "batchlab sweep --name big --batch 1,2,4,...,1024,full --base-lr 2^-12..2^0:2 --store sqlite:///studies.db --workers 0",
        ],
        ["worker"] = ["batchlab worker --study ml", "batchlab worker --study big --store sqlite:///studies.db --threads 8 --lease 2m"],
        ["status"] = ["batchlab status", "batchlab status --study big --store sqlite:///studies.db --json"],
        ["export"] = ["batchlab export --study ml --format csv --out ml.csv", "batchlab export --study ml --curves --json > ml.json"],
        ["diagnose"] =
        [
            "batchlab diagnose noise --data mnist --model mlp:256",
            "batchlab diagnose throughput --data mnist --model mlp:256 --threads 1",
            "batchlab diagnose memory --model vgg16 --memory 4GiB",
        ],
        ["diagnose noise"] = ["batchlab diagnose noise --data mnist --model mlp:256", "batchlab diagnose noise --checkpoint runs/a --batch 8,64,512,4096 --out runs/a/noise"],
        ["diagnose agreement"] =
        [
            "batchlab diagnose agreement --data mnist --model mlp:256 --checkpoint runs/a --out runs/a/agreement",
            "batchlab diagnose agreement --data mnist --model mlp:256 --batch 1,16,256 --population 20000",
        ],
        ["diagnose throughput"] =
        [
            "batchlab diagnose throughput --data mnist --model mlp:256 --threads 1 --out runs/throughput",
            "batchlab diagnose throughput --model lenet5 --batch 1,8,64,512 --repeats 5",
        ],
        ["diagnose sharpness"] =
        [
            "batchlab diagnose sharpness --checkpoint runs/sb --line-to runs/lb --out runs/sharpness",
            "batchlab diagnose sharpness --checkpoint runs/sb --epsilons 1e-3 --subspace 100",
        ],
        ["diagnose memory"] =
        [
            "batchlab diagnose memory --model vgg16",
            "batchlab diagnose memory --model vgg16 --micro-batch 1,2,4,8",
            "batchlab diagnose memory --model vgg16 --memory 4GiB",
        ],
        ["study"] =
        [
            "batchlab study",
            "batchlab study --preset smoke --model torchscript:samples/torchscript/cnn.pt",
            "batchlab study --spec grid.json --store sqlite:///studies.db",
        ],
        ["retry"] = ["batchlab retry --study ml", "batchlab retry --study big --state CANCELLED --store sqlite:///studies.db --json"],
        ["report"] = ["batchlab report --study big --store sqlite:///studies.db", "batchlab report --study ml --diagnostics quick --out reports/ml"],
        ["advise"] =
        [
            "batchlab advise --data mnist --model mlp:256",
            "batchlab advise --data mnist --model mlp:256 --memory 8GiB --target val_error=0.02 --data-parallel 8 --probe-lr 2^-12..2^-4:2",
            "batchlab advise --data mnist --model mlp:256 --study quick-mnist-mlp-256",
        ],
    };

    /// <summary>Whether a parse ended in --help (with or without examples).</summary>
    public static bool IsHelp(CommandLineAction? action) => action is HelpAction or WithExamples;

    /// <summary>Makes <paramref name="help"/> print the standard help and then the command's examples.</summary>
    public static void AddTo(HelpOption help, IReadOnlyDictionary<string, string[]> examples) =>
        help.Action = new WithExamples((SynchronousCommandLineAction)help.Action!, examples);

    sealed class WithExamples(SynchronousCommandLineAction standard, IReadOnlyDictionary<string, string[]> examples) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var code = standard.Invoke(parseResult);
            var path = new List<string>();
            for (var r = parseResult.CommandResult; r?.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent)
            {
                path.Insert(0, r.Command.Name);
            }

            if (examples.TryGetValue(string.Join(' ', path), out var lines))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var line in lines)
                {
                    output.WriteLine("  " + line);
                }

                output.WriteLine();
            }

            if (path.Count == 0 && examples == All)
            {
                // The exit codes belong to every command; the top-level help is where a script's author looks.
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Exit codes (docs/cli.md):");
                output.WriteLine("  0 success, 1 unexpected failure (a bug), 2 bad input, 3 training diverged,");
                output.WriteLine("  4 data or store not available, 5 trials ended FAILED, 130 interrupted");
                output.WriteLine();
            }

            return code;
        }
    }
}
