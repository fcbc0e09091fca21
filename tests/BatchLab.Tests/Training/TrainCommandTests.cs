using BatchLab.Tests.Support;

namespace BatchLab.Tests.Training;

/// <summary>`batchlab train` as a user runs it: a fresh process, exit codes, files, one-line errors.</summary>
public class TrainCommandTests
{
    const string Data = "synthetic-teacher:n=2048,test=256,d=16,classes=4,hidden=16,seed=3";

    static string Folder() => Path.Combine(Path.GetTempPath(), "batchlab-train-" + Guid.NewGuid().ToString("N"));

    static string[] Args(string outDir, params string[] extra) =>
        ["train", "--data", Data, "--model", "mlp:64", .. extra.Contains("--batch") ? Array.Empty<string>() : ["--batch", "16"], "--lr", "0.05", "--momentum", "0.9", "--seed", "5", "--out", outDir, "--json", .. extra];

    [Fact]
    public void A_run_killed_with_sigkill_mid_epoch_and_resumed_ends_bit_identical_to_an_uninterrupted_run()
    {
        // 1,843 training samples / B 16 = 116 updates per epoch; checkpoints every 50 updates fall mid-epoch.
        string[] budget = ["--epochs", "12", "--checkpoint-every", "50", "--threads", "1"];
        var reference = CliProcess.Run(Args(Folder(), budget));
        Assert.True(reference.ExitCode == 0, reference.Stderr);

        var outDir = Folder();
        using (var victim = CliProcess.Start(null, Args(outDir, budget)))
        {
            var checkpoints = Path.Combine(outDir, "checkpoints");
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!(Directory.Exists(checkpoints) && Directory.GetFiles(checkpoints, "ckpt-*.bin").Length >= 2) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }

            victim.Kill(); // SIGKILL: no chance to save anything more
            victim.WaitForExit();
        }

        Assert.False(File.Exists(Path.Combine(outDir, "summary.json")), "the run finished before it could be killed");
        var resumed = CliProcess.Run(Args(outDir, [.. budget, "--resume"]));

        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains("resumed at update", resumed.Stderr);
        Assert.Equal(reference.Json.GetProperty("weights_sha256").GetString(), resumed.Json.GetProperty("weights_sha256").GetString());
        Assert.Equal(reference.Json.GetProperty("val_loss").GetDouble(), resumed.Json.GetProperty("val_loss").GetDouble());
    }

    [Fact]
    public void An_adaptive_run_killed_with_sigkill_after_b_grew_resumes_bit_identical()
    {
        // The schedule policy doubles B at 20% and 40% of 10 epochs: kill after the first change.
        string[] budget = ["--epochs", "10", "--batch", "adaptive:policy=schedule,min=16,max=64,drops=0.2/0.4", "--checkpoint-every", "20", "--threads", "1"];
        var reference = CliProcess.Run(Args(Folder(), budget));
        Assert.True(reference.ExitCode == 0, reference.Stderr);

        var outDir = Folder();
        using (var victim = CliProcess.Start(null, Args(outDir, budget)))
        {
            var metrics = Path.Combine(outDir, "metrics.jsonl");
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!(File.Exists(metrics) && ReadShared(metrics).Contains("\"batch_change\"", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(10);
            }

            victim.Kill();
            victim.WaitForExit();
        }

        Assert.False(File.Exists(Path.Combine(outDir, "summary.json")), "the run finished before it could be killed");
        var resumed = CliProcess.Run(Args(outDir, [.. budget, "--resume"]));

        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains("resumed at update", resumed.Stderr);
        Assert.Equal(reference.Json.GetProperty("weights_sha256").GetString(), resumed.Json.GetProperty("weights_sha256").GetString());
        Assert.Equal(reference.Json.GetProperty("updates").GetInt64(), resumed.Json.GetProperty("updates").GetInt64());
    }

    static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    [Fact]
    public void A_huge_learning_rate_ends_diverged_with_its_exit_code()
    {
        var result = CliProcess.Run("train", "--data", Data, "--model", "mlp:64", "--batch", "16", "--lr", "1e6", "--epochs", "2", "--out", Folder(), "--json");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("DIVERGED", result.Json.GetProperty("state").GetString());
        Assert.True(result.Json.GetProperty("divergence").GetProperty("update").GetInt64() >= 1);
    }

    [Theory]
    [InlineData("--batch", "0", "batch size")]
    [InlineData("--batch", "999999", "--batch full")]
    [InlineData("--micro-batch", "64", "larger than the batch")]
    [InlineData("--bn-batch", "5", "must divide the micro-batch", "mlp:64,bn")]
    [InlineData("--lr", "-0.1", "positive finite")]
    [InlineData("--optimizer", "rmsprop", "unknown optimizer")]
    [InlineData("--init", "/nonexistent.safetensors", "does not exist")]

    // Options that trained silently wrong (issue 12, case 3): gradient ascent, a frozen run, a
    // negated or vanishing rate, NaN train losses, a G that means nothing.
    [InlineData("--clip-grad-norm", "-1", "--clip-grad-norm must be a positive finite number")]
    [InlineData("--clip-grad-norm", "0", "--clip-grad-norm must be a positive finite number")]
    [InlineData("--drop-factor", "-1", "--drop-factor must be in (0, 1]")]
    [InlineData("--drop-factor", "0", "--drop-factor must be in (0, 1]")]
    [InlineData("--drops", "0.5,1.5", "--drops are fractions of the budget strictly between 0 and 1 (e.g. 0.5,0.75), got 1.5")]
    [InlineData("--drops", "0,0.5", "--drops are fractions of the budget strictly between 0 and 1 (e.g. 0.5,0.75), got 0")]
    [InlineData("--train-eval-samples", "0", "--train-eval-samples must be a positive number of samples, got 0")]
    [InlineData("--train-eval-samples", "-5", "--train-eval-samples must be a positive number of samples, got -5")]
    [InlineData("--bn-batch", "4", "'mlp:64' has no BatchNorm layer")]
    [InlineData("--norm-batch", "4", "'mlp:64' has no BatchNorm layer")]

    // Refused in one line where they crashed, hung or printed .NET type names (issue 12).
    [InlineData("--threads", "0", "--threads must be between 1 and")]
    [InlineData("--threads", "-1", "--threads must be between 1 and")]
    [InlineData("--threads", "100000", "--threads must be between 1 and")]
    [InlineData("--log-every", "0", "--log-every must be at least 1")]
    [InlineData("--time", "99999999999h", "--time '99999999999h' is longer than 100 years")]
    [InlineData("--updates", "99999999999999999999", "--updates '99999999999999999999' is not a whole number from")]
    [InlineData("--model", "mlp:100000*100", "more than the")]
    [InlineData("--out", "/proc/batchlab-run", "--out '/proc/batchlab-run' cannot be written")]
    [InlineData("--save", "/proc/weights.safetensors", "--save '/proc/weights.safetensors' cannot be written")]
    [InlineData("--save", "/etc/passwd/w.safetensors", "/etc/passwd is a file, not a folder")]
    [InlineData("--data-dir", "/nonexistent/idx", "/nonexistent/idx: no such directory")]
    public void Bad_input_gives_one_line_and_exit_code_2_and_writes_nothing(string option, string value, string expected, string model = "mlp:64")
    {
        var outDir = Folder();
        var args = new Dictionary<string, string> { ["--data"] = Data, ["--model"] = model, ["--batch"] = "16", ["--epochs"] = "1", ["--out"] = outDir };
        if (option == "--data-dir")
        {
            args.Remove("--data");
        }

        args[option] = value;
        var result = CliProcess.Run(["train", .. args.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.Equal(2, result.ExitCode);
        var lines = result.Stderr.Trim().Split('\n');
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("System.", lines[0]);
        Assert.False(Directory.Exists(outDir) && Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public void Temporary_files_of_a_checkpoint_write_killed_midway_are_removed_when_the_run_starts_again()
    {
        var outDir = Folder();
        Assert.Equal(0, CliProcess.Run(Args(outDir, "--updates", "5")).ExitCode);
        var checkpoints = Path.Combine(outDir, "checkpoints");
        var kept = Directory.GetFiles(checkpoints, "ckpt-*.bin");
        var leftover = Path.Combine(checkpoints, "ckpt-0000000003.bin.tmp-0123456789abcdef0123456789abcdef");
        File.WriteAllBytes(leftover, new byte[1000]);

        var resumed = CliProcess.Run(Args(outDir, "--updates", "10", "--resume"));

        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.False(File.Exists(leftover));
        Assert.Empty(Directory.GetFiles(checkpoints, "*.tmp-*"));
        Assert.Contains(Path.GetFileName(kept.Max()), Directory.GetFiles(checkpoints).Select(Path.GetFileName));
    }

    [Fact]
    public void An_existing_run_folder_is_not_overwritten_without_resume()
    {
        var outDir = Folder();
        Assert.Equal(0, CliProcess.Run(Args(outDir, "--updates", "5")).ExitCode);
        var before = File.ReadAllText(Path.Combine(outDir, "summary.json"));

        var again = CliProcess.Run(Args(outDir, "--updates", "5"));

        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--resume", again.Stderr);
        Assert.Equal(before, File.ReadAllText(Path.Combine(outDir, "summary.json")));
    }

    [Fact]
    public void Saved_weights_can_start_another_run_and_a_mismatched_file_is_refused()
    {
        var weights = Path.Combine(Folder(), "w.safetensors");
        Assert.Equal(0, CliProcess.Run(Args(Folder(), "--updates", "5", "--save", weights)).ExitCode);

        Assert.Equal(0, CliProcess.Run(Args(Folder(), "--updates", "5", "--init", weights)).ExitCode);
        var mismatch = CliProcess.Run("train", "--data", Data, "--model", "mlp:32", "--updates", "5", "--out", Folder(), "--init", weights);
        Assert.Equal(2, mismatch.ExitCode);
        Assert.Contains("shape", mismatch.Stderr);
    }

    [Fact]
    public void Resume_reads_the_runs_spec_and_names_each_changed_option()
    {
        var outDir = Folder();
        var first = CliProcess.Run(Args(outDir, "--updates", "40", "--threads", "1"));
        Assert.True(first.ExitCode == 0, first.Stderr);
        using (var spec = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "spec.json"))))
        {
            Assert.Equal(BatchLab.Runtime.BatchLabVersion.Current, spec.RootElement.GetProperty("batchlab_version").GetString());
        }

        // Nothing retyped: spec.json supplies data, model, B, η, momentum and seed; a longer budget is a change it names.
        var longer = CliProcess.Run("train", "--out", outDir, "--resume", "--updates", "60", "--threads", "1", "--json");
        var changed = CliProcess.Run("train", "--out", outDir, "--resume", "--batch", "8", "--lr", "0.05");

        Assert.True(longer.ExitCode == 0, longer.Stderr);
        Assert.Contains("--updates differs: 60 vs 40", longer.Stderr);
        Assert.Equal(60, longer.Json.GetProperty("updates").GetInt64());
        Assert.Equal(2, changed.ExitCode);
        // --lr 0.05 is what the run has: only the real change is named.
        Assert.Contains("--batch differs: 8 vs 16", changed.Stderr);
        Assert.DoesNotContain("--lr", changed.Stderr);
    }
}
