using System.Text.Json;
using BatchLab.Tests.Support;
using Xunit.Abstractions;

namespace BatchLab.Tests.Experiments.Studies;

/// <summary>
/// The main job end to end, as CI runs it: `batchlab study --preset smoke --json` in a fresh
/// process prints where its report is; the report opens cleanly in headless Chromium with all
/// nine sections and every figure; rerunning resumes through the store without training again.
/// </summary>
public sealed class SmokeStudyTests(ITestOutputHelper output)
{
    static readonly string[] Sections = ["generalization", "steps-to-target", "time-to-target", "throughput", "noise", "sharpness", "memory", "saddle", "recommendation", "study-compute"];

    [Fact]
    public async Task The_smoke_study_writes_a_report_that_opens_cleanly_and_a_rerun_resumes()
    {
        var folder = Path.Combine(Path.GetTempPath(), "batchlab-smoke-" + Guid.NewGuid().ToString("N"));
        var store = "sqlite:" + Path.Combine(folder, "study.db");
        string[] args = ["study", "--preset", "smoke", "--store", store, "--out", Path.Combine(folder, "report"), "--json"];

        var first = CliProcess.Run(null, TimeSpan.FromMinutes(5), args);

        Assert.True(first.ExitCode == 0, first.Stderr);
        var result = first.Json;
        var html = result.GetProperty("report").GetString()!;
        output.WriteLine($"report: {html}");
        // The grid's 6 trials and the learning-rate search's, every one finished as a result (pruned trials included).
        var trials = result.GetProperty("trials");
        int Count(string state) => trials.GetProperty(state).GetInt32();
        Assert.True(Count("complete") + Count("diverged") + Count("pruned") >= 6);
        Assert.Equal(Count("complete") + Count("diverged") + Count("pruned"), Count("total"));
        // Which B the rule picks is tested against a closed-form answer on this grid in BestBatchKnownAnswerTests.
        Assert.True(File.Exists(result.GetProperty("markdown").GetString()));
        using (var json = JsonDocument.Parse(File.ReadAllText(result.GetProperty("results").GetString()!)))
        {
            Assert.Equal(Sections, json.RootElement.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        }

        await using (var browser = await HeadlessChromium.Start())
        {
            var page = await PageCheck.Run(browser, html, Screen.Desktop, Path.Combine(folder, "report-desktop.png"));
            output.WriteLine($"screenshot: {page.Screenshot}");
            Assert.Empty(page.Errors);
            Assert.Equal(Sections, page.SectionIds);
            Assert.True(page.Images.Count >= 15, $"only {page.Images.Count} figures");
            Assert.All(page.Images, image => Assert.True(image.Decoded, $"{image.Alt} did not decode"));
        }

        var again = CliProcess.Run(null, TimeSpan.FromMinutes(5), args);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains($"{Count("total")} of {Count("total")} already finished", again.Stderr);
        Assert.DoesNotContain("started attempt", again.Stderr);
    }
}
