using System.Text.Json;
using BatchLab.Tests.Data.Own;
using BatchLab.Tests.Support;
using Xunit.Abstractions;

namespace BatchLab.Tests.Experiments.Studies;

/// <summary>
/// The README's "Bring your own PyTorch model" and custom-sweep paths, as a user runs them: fresh
/// CLI processes, the committed TorchScript fixture, a CSV file, a cluster-style sweep reported
/// after the fact.
/// </summary>
public sealed class BringYourOwnCliTests(ITestOutputHelper output)
{
    [Fact]
    public void The_readme_command_studies_the_committed_TorchScript_model()
    {
        var folder = OwnDataFiles.Folder();
        var model = "torchscript:" + RepositoryFiles.TorchScript("cnn.pt");

        var result = CliProcess.Run(null, TimeSpan.FromMinutes(8),
            "study", "--preset", "smoke", "--model", model, "--store", $"sqlite:{folder}/s.db", "--out", $"{folder}/report", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        output.WriteLine(result.Json.GetProperty("report").GetString());
        // Budgeted: every trial of the halving rungs finished (none failed), and each of the three
        // batch sizes has at least its full-budget trial among them.
        var trials = result.Json.GetProperty("trials");
        Assert.Equal(0, trials.GetProperty("failed").GetInt32());
        Assert.Equal(trials.GetProperty("total").GetInt32(), trials.GetProperty("finished").GetInt32());
        Assert.True(trials.GetProperty("complete").GetInt32() >= 3, trials.ToString());
        Assert.Equal("smoke-mnist-torchscript-cnn", result.Json.GetProperty("study").GetString());
        using var json = JsonDocument.Parse(File.ReadAllText(result.Json.GetProperty("results").GetString()!));
        var memory = json.RootElement.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "memory");
        Assert.Contains("Not measured", memory.GetProperty("finding").GetString());
    }

    [Fact]
    public void A_custom_grid_runs_from_a_spec_file_and_a_cluster_style_sweep_gets_its_report_afterwards()
    {
        var folder = OwnDataFiles.Folder();
        var csv = OwnDataFiles.Csv(folder, 90);
        var store = $"sqlite:{folder}/s.db";
        var spec = Path.Combine(folder, "grid.json");
        File.WriteAllText(spec, JsonSerializer.Serialize(new
        {
            name = "iris-grid",
            diagnostics = "none",
            @base = new { data = $"csv:{csv},label=species", model = "mlp:8", train = new { budget = new { epochs = 2 }, learning_rate = new { lr = 0.05 } } },
            grid = new { batch = "4,16", seed = 1 },
        }));

        var study = CliProcess.Run("study", "--spec", spec, "--store", store, "--out", $"{folder}/study", "--workers", "1", "--json");
        Assert.True(study.ExitCode == 0, study.Stderr);
        Assert.Equal("iris-grid", study.Json.GetProperty("study").GetString());
        Assert.Equal(2, study.Json.GetProperty("trials").GetProperty("complete").GetInt32());

        // The Slurm/Kubernetes path: queue only, workers elsewhere, the report after the fact.
        Assert.Equal(0, CliProcess.Run("sweep", "--name", "later", "--data", $"csv:{csv}", "--model", "mlp:8", "--batch", "4,8", "--epochs", "1", "--store", store, "--workers", "0").ExitCode);
        var worker = CliProcess.Run("worker", "--study", "later", "--store", store);
        Assert.True(worker.ExitCode == 0, worker.Stderr);
        var report = CliProcess.Run("report", "--study", "later", "--store", store, "--out", $"{folder}/later", "--json");

        Assert.True(report.ExitCode == 0, report.Stderr);
        Assert.Equal(2, report.Json.GetProperty("trials").GetInt32());
        Assert.True(File.Exists(report.Json.GetProperty("report").GetString()));
        using var json = JsonDocument.Parse(File.ReadAllText(report.Json.GetProperty("results").GetString()!));
        var generalization = json.RootElement.GetProperty("sections").EnumerateArray().First();
        Assert.Equal("generalization", generalization.GetProperty("id").GetString());
        Assert.Contains("csv:", json.RootElement.GetProperty("title").GetString());

        var missing = CliProcess.Run("report", "--study", "nope", "--store", store);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no study named 'nope'", missing.Stderr);
    }
}
