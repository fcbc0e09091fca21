using BatchLab.Reporting.Sections;
using BatchLab.Studies;
using BatchLab.Studies.Analysis;

namespace BatchLab.Tests.Experiments.Studies;

public sealed class PaperComparisonTests
{
    static FinishedTrial Trial(long batch, long seed, double trainError, double testError)
    {
        var final = new Dictionary<string, double> { ["train_error"] = trainError, ["test_error"] = testError, ["val_error"] = testError };
        return new FinishedTrial(batch, false, 0.001, seed, false, final, final, 100, 100 * batch, 1, null);
    }

    [Fact]
    public void Our_numbers_stand_beside_the_papers_and_what_the_paper_lacks_has_no_reference_value()
    {
        var paper = StudyPresets.Get("keskar").Paper!;
        FinishedTrial[] trials = [Trial(256, 0, 0.001, 0.02), Trial(256, 1, 0.003, 0.022), Trial(5500, 0, 0.0, 0.025), Trial(5500, 1, 0.0, 0.027)];

        var table = PaperComparison.Build(paper, trials, []).Tables.Single().Data;

        var rows = table.Rows.ToDictionary(r => ((string)r[0]!, (string)r[1]!));
        var testSmall = rows[("test accuracy %", "small batch (B = 256)")];
        Assert.Equal(98.03, testSmall[2]);
        Assert.Equal(97.9, (double)testSmall[5]!, 9);
        var trainSmall = rows[("train accuracy %", "small batch (B = 256)")];
        Assert.Null(trainSmall[2]);
        Assert.Equal(99.8, (double)trainSmall[5]!, 9);
        Assert.Equal(100.0, (double)rows[("train accuracy %", "large batch (B = 5,500)")][5]!, 9);
        Assert.DoesNotContain(rows.Keys, k => k.Item1.Contains("5e-4", StringComparison.Ordinal)); // no sharpness measured here
    }
}
