namespace BatchLab.Cli;

/// <summary>
/// Every form a `--data` value takes, each with an example a user can copy: `data list` prints
/// them and every `--data` help names them, so one's own files are findable from the CLI alone.
/// The options inside each form are those of docs/data.md.
/// </summary>
public static class DataSourceForms
{
    public sealed record Form(string Syntax, string Example, string What);

    public static IReadOnlyList<Form> All { get; } =
    [
        new("mnist, fashion-mnist", "--data fashion-mnist", "built in: fetched on first use into the cache"),
        new("brown", "--data brown", "text: the Brown corpus, fetched on first use into the cache; byte tokens, for transformer:..."),
        new("text:FILE", "--data text:notes.txt", "text: any UTF-8 file, byte tokens, split by paragraph; for transformer:..."),
        new("cifar10[:DIR], cifar100[:DIR]", "--data cifar10:~/cifar-10-batches-bin", "the official binary files, placed by hand"),
        new("images:DIR[,size=S,fit=crop|resize,channels=1|3]", "--data images:photos,size=32", "one sub-folder of PNG/JPEG files per class"),
        new("csv:FILE[,label=COL,task=classification|regression,test=FILE]", "--data csv:table.csv,label=species", "numeric columns and one target column"),
        new("safetensors:FILE[,task=...]", "--data safetensors:data.safetensors", "tensors x and y, or train_x, train_y, test_x, test_y"),
        new("synthetic-regression[:n=,d=,noise=,seed=]", "--data synthetic-regression:d=16", "generated: y = w*·x + noise"),
        new("synthetic-teacher[:n=,d=,classes=,seed=]", "--data synthetic-teacher:classes=10", "generated: labels of a random teacher network"),
        new("--data-dir DIR", "--data-dir ~/idx", "any folder of MNIST-style IDX files"),
    ];

    /// <summary>The `--data` option's help: the forms in one sentence.</summary>
    public const string Help = "Data source: mnist, fashion-mnist, brown, text:FILE, cifar10[:DIR], cifar100[:DIR], images:DIR, csv:FILE, safetensors:FILE, synthetic-regression, synthetic-teacher (examples: `batchlab data list`)";
}
