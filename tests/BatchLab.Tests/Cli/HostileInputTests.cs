using System.IO.Compression;
using System.Text;
using BatchLab.Tests.Data;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Cli;

/// <summary>
/// The hostile-input corpus (issue 23): each case is a command line and the files it creates, run
/// as the user runs it (a fresh process). Every one must end in one line on stderr and its exit
/// code: no stack trace, no native abort (134), no hang (each case has a 2-minute limit).
/// Cases for which the parser alone answers take about half a second each.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    readonly TempDirectory root = new();

    /// <summary>One case: a name, the arguments ({dir} is a fresh folder), files to create in it, the exit code and a fragment of the line.</summary>
    public sealed record Case(string Name, string[] Args, int Exit, string Says, Action<string>? Files = null, string? DataCache = null)
    {
        public override string ToString() => Name;
    }

    static string Mlp => RepositoryFiles.TorchScript("mlp.pt");

    /// <summary>What is in a case's folder, not following links (one case holds a loop).</summary>
    static readonly EnumerationOptions Listing = new() { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };

    public static TheoryData<Case> Cases() => new()
    {
        // Counts that are no whole numbers (issue 23 item 3: the validator threw while reading them).
        new Case("threads abc on train", ["train", "--threads", "abc"], 2, "--threads 'abc' is not a whole number"),
        new Case("threads NaN on sweep", ["sweep", "--name", "s", "--threads", "NaN", "--store", "sqlite:{dir}/s.db"], 2, "--threads 'NaN' is not a whole number"),
        new Case("threads 1.5 on worker", ["worker", "--threads", "1.5", "--store", "sqlite:{dir}/s.db"], 2, "--threads '1.5' is not a whole number"),
        new Case("threads abc on advise", ["advise", "--threads", "abc"], 2, "--threads 'abc' is not a whole number"),
        new Case("workers x on sweep", ["sweep", "--name", "s", "--workers", "x", "--store", "sqlite:{dir}/s.db"], 2, "--workers 'x' is not a whole number"),

        // Values that passed the checks and failed later, or never (item 6).
        new Case("momentum NaN", ["train", "--momentum", "NaN"], 2, "momentum must be in [0, 1), got NaN"),
        new Case("weight decay NaN", ["train", "--optimizer", "adam", "--weight-decay", "NaN"], 2, "weight decay must be a finite number ≥ 0, got NaN"),
        new Case("a rate that overflows float32", ["train", "--lr", "1e39"], 2, "outside float32's range"),
        new Case("a rate that float32 rounds to 0", ["train", "--lr", "1e-320"], 2, "outside float32's range"),
        new Case("a NaN target", ["train", "--target", "val_error=NaN"], 2, "can never be met"),
        new Case("a negative target", ["train", "--target", "val_error=-1"], 2, "can never be met"),
        new Case("a negative validation split", ["train", "--val", "-1"], 2, "--val must be at least 0"),
        new Case("a repeated key in an adaptive batch", ["train", "--batch", "adaptive:min=32,min=64"], 2, "'min' is given twice"),
        new Case("fuse bogus on a sweep that only queues", ["sweep", "--name", "s", "--workers", "0", "--fuse", "bogus", "--store", "sqlite:{dir}/s.db"], 2, "--fuse must be auto or off"),
        new Case("a negative outage timeout on a sweep", ["sweep", "--name", "s", "--workers", "0", "--outage-timeout", "-1m", "--store", "sqlite:{dir}/s.db"], 2, "--outage-timeout '-1m' is not a duration"),
        new Case("a NaN outage timeout on a sweep", ["sweep", "--name", "s", "--outage-timeout", "NaN", "--store", "sqlite:{dir}/s.db"], 2, "--outage-timeout 'NaN' is not a duration"),
        new Case("checkpoints every 0 updates on a sweep", ["sweep", "--name", "s", "--workers", "0", "--checkpoint-every", "0", "--store", "sqlite:{dir}/s.db"], 2, "--checkpoint-every: '0' is not an amount"),

        // Files that exhausted memory or blocked forever (item 5), and labels read the wrong way (item 8).
        new Case("a CSV label of 2,000,000,000", ["data", "info", "csv:{dir}/d.csv,label=y"], 2, "class label 2,000,000,000 is beyond 1,000,000 classes",
            dir => File.WriteAllText($"{dir}/d.csv", string.Concat(Enumerable.Range(0, 40).Select(i => $"{i * 0.1},{(i == 7 ? 2_000_000_000 : i % 2)}\n")).Insert(0, "x,y\n"))),
        new Case("CSV labels 0, 1 and 100000", ["data", "info", "csv:{dir}/d.csv,label=y"], 2, "labels run to 100,000 but only 3 distinct classes occur",
            dir => File.WriteAllText($"{dir}/d.csv", string.Concat(Enumerable.Range(0, 40).Select(i => $"{i * 0.1},{(i == 7 ? 100_000 : i % 2)}\n")).Insert(0, "x,y\n"))),
        new Case("CSV labels written as 0.0, 1.0, 2.0 and a 500,000th class", ["data", "info", "csv:{dir}/d.csv,label=y"], 2, "labels run to 500,000 but only 4 distinct classes occur",
            dir => File.WriteAllText($"{dir}/d.csv", string.Concat(Enumerable.Range(0, 40).Select(i => $"{i * 0.1},{(i == 7 ? "500000.0" : $"{i % 3}.0")}\n")).Insert(0, "x,y\n"))),
        new Case("CIFAR files linked to /dev/zero", ["data", "info", "cifar10"], 2, "not a whole number of 3,073-byte records", dir =>
        {
            Directory.CreateDirectory($"{dir}/cifar10");
            foreach (var name in new[] { "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin" })
            {
                File.CreateSymbolicLink($"{dir}/cifar10/{name}", "/dev/zero");
            }
        }, DataCache: "{dir}"),
        new Case("an image folder with a link back up and a FIFO named x.png", ["data", "info", "images:{dir}/imgs"], 2, "is empty or not a regular file", dir =>
        {
            Directory.CreateDirectory($"{dir}/imgs/a");
            Directory.CreateDirectory($"{dir}/imgs/b");
            Directory.CreateSymbolicLink($"{dir}/imgs/a/loop", $"{dir}/imgs");
            using var mkfifo = System.Diagnostics.Process.Start("mkfifo", $"{dir}/imgs/b/x.png");
            mkfifo.WaitForExit();
        }),

        new Case("a CSV feature of 1e308 (infinite in float32)", ["data", "info", "csv:{dir}/d.csv,label=y"], 2, "beyond float32's range",
            dir => File.WriteAllText($"{dir}/d.csv", string.Concat(Enumerable.Range(0, 40).Select(i => $"{(i == 9 ? "1e308" : $"{i * 0.1}")},{i % 2}\n")).Insert(0, "x,y\n"))),
        new Case("an empty class folder", ["data", "info", "images:{dir}/imgs"], 2, "holds no image files", dir =>
        {
            foreach (var c in new[] { "a", "b" })
            {
                Directory.CreateDirectory($"{dir}/imgs/{c}");
                File.WriteAllBytes($"{dir}/imgs/{c}/1.png", [1, 2, 3]);
            }

            Directory.CreateDirectory($"{dir}/imgs/c");
        }),
        new Case("a class folder named with an ANSI escape and a newline", ["data", "info", "images:{dir}/imgs"], 2, "class name \"red\\u001b[31m\\n\" holds control characters", dir =>
        {
            Directory.CreateDirectory($"{dir}/imgs/red\u001b[31m\n");
            Directory.CreateDirectory($"{dir}/imgs/b");
        }),
        new Case("a FIFO standing for the CIFAR archive", ["data", "info", "cifar10"], 2, "is not the official archive", dir =>
        {
            Directory.CreateDirectory($"{dir}/cifar10");
            using var mkfifo = System.Diagnostics.Process.Start("mkfifo", $"{dir}/cifar10/cifar-10-binary.tar.gz");
            mkfifo.WaitForExit();
        }, DataCache: "{dir}"),
        new Case("CIFAR not placed (data not available: exit 4, as docs/cli.md says)", ["data", "info", "cifar10"], 4, "cifar10: {dir}/cifar10: no such directory; download cifar-10-binary.tar.gz", DataCache: "{dir}"),
        new Case("--data-dir on study naming no folder", ["study", "--data-dir", "{dir}/none", "--store", "sqlite:{dir}/s.db"], 2, "--data-dir {dir}/none: no such directory"),
        new Case("--data-dir on diagnose memory naming no folder", ["diagnose", "memory", "--data-dir", "{dir}/none"], 2, "no such directory"),
        new Case("TorchScript laid out for samples it does not take", ["models", "torchscript:{dir}/m.pt", "--input", "3x32x32"], 2, "does not accept samples of shape 3x32x32",
            dir => File.Copy(Mlp, $"{dir}/m.pt")),

        // Internal errors that are the user's to fix (item 7).
        new Case("an SQLite store that is a folder", ["status", "--store", "sqlite:{dir}"], 2, "is a folder; give the store's file name"),
        new Case("an SQLite store in /proc", ["status", "--store", "sqlite:/proc/self/status"], 2, "the kernel's files, not a place for a database"),
        new Case("a safetensors header that names a tensor twice", ["train", "--data", "synthetic-teacher:n=256,test=64,d=8,classes=3,hidden=8,seed=1", "--model", "mlp:8", "--updates", "1", "--out", "{dir}/run", "--init", "{dir}/w.safetensors"], 2,
            "the header is not valid JSON", dir =>
            {
                var header = Encoding.UTF8.GetBytes("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}");
                File.WriteAllBytes($"{dir}/w.safetensors", [.. BitConverter.GetBytes((long)header.Length), .. header, 0, 0, 0, 0]);
            }),
        new Case("a TensorBoard export onto a file", ["export", "--store", "sqlite:{dir}/none.db", "--tensorboard", "{dir}/f"], 2, "is a file, not a folder",
            dir => File.WriteAllText($"{dir}/f", "x")),

        // TorchScript files that libtorch would abort on or read past (items 3 and 4).
        new Case("TorchScript whose code does not compile", ["models", "torchscript:{dir}/m.pt"], 2, "could not be loaded as TorchScript",
            dir => Rewrite(Mlp, $"{dir}/m.pt", (name, bytes) => name.EndsWith("code/__torch__.py", StringComparison.Ordinal)
                ? Encoding.UTF8.GetBytes("class Mlp(Module):\n  __parameters__ = [\n  def forward(self: __torch__.Mlp) -> Tensor:\n    return frobnicate(\n")
                : bytes)),
        new Case("TorchScript whose pickle names os.system", ["models", "torchscript:{dir}/m.pt"], 2, "names os.system",
            dir => Rewrite(Mlp, $"{dir}/m.pt", (name, bytes) => name.EndsWith("/data.pkl", StringComparison.Ordinal)
                ? [0x80, 0x02, .. "cos\nsystem\n"u8, (byte)'X', 4, 0, 0, 0, .. "echo"u8, 0x85, (byte)'R', (byte)'.']
                : bytes)),
        new Case("TorchScript with a truncated tensor record", ["models", "torchscript:{dir}/m.pt"], 2, "tensor record data/0 holds",
            dir => Rewrite(Mlp, $"{dir}/m.pt", (name, bytes) => name.EndsWith("/data/0", StringComparison.Ordinal) ? bytes[..(bytes.Length / 2)] : bytes)),
        new Case("G for a TorchScript model without BatchNorm", ["train", "--model", "torchscript:{dir}/m.pt", "--norm-batch", "8"], 2, "has no BatchNorm layer",
            dir => File.Copy(Mlp, $"{dir}/m.pt")),
        new Case("TorchScript that is no zip", ["models", "torchscript:{dir}/m.pt"], 2, "is not a TorchScript file",
            dir => File.WriteAllText($"{dir}/m.pt", "print('hello')")),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_hostile_input_ends_in_one_line_and_its_exit_code(Case c)
    {
        var dir = Directory.CreateDirectory(root.File(Guid.NewGuid().ToString("N")[..8])).FullName;
        c.Files?.Invoke(dir);
        var before = Directory.GetFileSystemEntries(dir, "*", Listing).Order().ToList();

        var environment = c.DataCache is { } cache ? new Dictionary<string, string> { ["BATCHLAB_DATA"] = cache.Replace("{dir}", dir, StringComparison.Ordinal) } : null;
        var result = CliProcess.Run(environment, TimeSpan.FromMinutes(2), [.. c.Args.Select(a => a.Replace("{dir}", dir, StringComparison.Ordinal))]);

        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(result.ExitCode == c.Exit, $"{c.Name}: exit {result.ExitCode}: {result.Stderr}");
        Assert.True(lines.Length == 1, $"{c.Name}: {lines.Length} lines on stderr: {result.Stderr}");
        Assert.Contains(c.Says.Replace("{dir}", dir, StringComparison.Ordinal), lines[0]);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("Unhandled exception", result.Stderr);
        Assert.Equal(before, Directory.GetFileSystemEntries(dir, "*", Listing).Order()); // a refusal writes nothing
    }

    /// <summary>A copy of a zip with each entry's bytes passed through <paramref name="change"/>.</summary>
    static void Rewrite(string source, string target, Func<string, byte[], byte[]> change)
    {
        using var input = ZipFile.OpenRead(source);
        using var output = ZipFile.Open(target, ZipArchiveMode.Create);
        foreach (var entry in input.Entries)
        {
            using var memory = new MemoryStream();
            using (var stream = entry.Open())
            {
                stream.CopyTo(memory);
            }

            var copy = output.CreateEntry(entry.FullName, CompressionLevel.NoCompression);
            using var written = copy.Open();
            written.Write(change(entry.FullName, memory.ToArray()));
        }
    }

    public void Dispose() => root.Dispose();
}
