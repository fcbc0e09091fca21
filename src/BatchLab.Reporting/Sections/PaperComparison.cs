using System.Globalization;
using BatchLab.Diagnostics.Sharpness;
using BatchLab.Reporting.Document;
using BatchLab.Studies;
using BatchLab.Studies.Analysis;
using BatchLab.Text;

namespace BatchLab.Reporting.Sections;

/// <summary>
/// Our measurements beside a paper's (the keskar preset: Keskar et al. 2017, Tables 2 and 3):
/// test accuracy and ε-sharpness per configuration, mean ± standard deviation over seeds.
/// </summary>
public static class PaperComparison
{
    public static ReportSection Build(PaperReference paper, IReadOnlyList<FinishedTrial> trials, IReadOnlyList<SharpnessResult> perTrial)
    {
        var batches = trials.Select(t => t.Batch).Distinct().Order().ToList();
        string Config(long batch) => batch == batches[0] ? "small batch" : "large batch";
        var rows = new List<IReadOnlyList<object?>>();
        var lines = new List<string>();
        foreach (var value in paper.Values)
        {
            var isSmall = value.Configuration.StartsWith("small", StringComparison.Ordinal);
            var batch = isSmall ? batches[0] : batches[^1];
            var ours = Ours(value.Quantity, batch, trials, perTrial);
            rows.Add([value.Quantity, $"{Config(batch)} (B = {batch:N0})", value.Mean, value.Spread, Stats.Median(ours), Mean(ours), Std(ours), ours.Count]);
        }

        // What we measure beside the paper's quantities, without a reference value to set it against.
        foreach (var quantity in MeasuredAlso.Where(q => paper.Values.All(v => v.Quantity != q)))
        {
            foreach (var batch in new[] { batches[0], batches[^1] })
            {
                var ours = Ours(quantity, batch, trials, perTrial);
                if (ours.Count > 0)
                {
                    rows.Add([quantity, $"{Config(batch)} (B = {batch:N0})", null, null, Stats.Median(ours), Mean(ours), Std(ours), ours.Count]);
                }
            }
        }

        foreach (var quantity in paper.Values.Select(v => v.Quantity).Distinct())
        {
            var ourSmall = Mean(Ours(quantity, batches[0], trials, perTrial));
            var ourLarge = Mean(Ours(quantity, batches[^1], trials, perTrial));
            var theirs = paper.Values.Where(v => v.Quantity == quantity).ToList();
            var paperSmall = theirs.First(v => v.Configuration.StartsWith("small", StringComparison.Ordinal)).Mean;
            var paperLarge = theirs.First(v => v.Configuration.StartsWith("large", StringComparison.Ordinal)).Mean;
            if (!double.IsFinite(ourSmall) || !double.IsFinite(ourLarge))
            {
                lines.Add($"{quantity}: not measured here.");
                continue;
            }

            var sameDirection = Math.Sign(ourLarge - ourSmall) == Math.Sign(paperLarge - paperSmall);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{quantity}: ours {NumberFormat.General.Format(ourSmall)} (small batch) vs {NumberFormat.General.Format(ourLarge)} (large batch); the paper {NumberFormat.General.Format(paperSmall)} vs {NumberFormat.General.Format(paperLarge)} — {(sameDirection ? "the same direction" : "the opposite direction")}."));
        }

        return new ReportSection("paper", "Comparison with the paper", string.Join(" ", lines))
        {
            Tables =
            [
                new ReportTable(new DataTable("paper_comparison", ["quantity", "configuration", "paper_mean", "paper_spread", "our_median", "our_mean", "our_std", "our_seeds"], rows), paper.Citation)
                {
                    Formats = new Dictionary<string, NumberFormat>
                    {
                        ["paper_mean"] = NumberFormat.Fixed(2),
                        ["paper_spread"] = NumberFormat.Fixed(2),
                        ["our_median"] = NumberFormat.Fixed(2),
                        ["our_mean"] = NumberFormat.Fixed(2),
                        ["our_std"] = NumberFormat.Fixed(2),
                    },
                },
            ],
            Notes = ["The paper trained on all 60,000 MNIST training images with its own epochs and initialisation; here 5,000 are held out for validation, and 10% of the remaining 55,000 is the large batch. Spreads are standard deviations over seeds."],
        };
    }

    static readonly string[] MeasuredAlso =
    [
        "train accuracy %", "test accuracy %",
        "ε-sharpness, full space, ε = 1e-3", "ε-sharpness, full space, ε = 5e-4",
        "ε-sharpness, 100-d subspace, ε = 1e-3", "ε-sharpness, 100-d subspace, ε = 5e-4",
    ];

    static List<double> Ours(string quantity, long batch, IReadOnlyList<FinishedTrial> trials, IReadOnlyList<SharpnessResult> perTrial)
    {
        foreach (var split in new[] { "train", "test" })
        {
            if (quantity.StartsWith($"{split} accuracy", StringComparison.Ordinal))
            {
                return [.. trials.Where(t => t.Batch == batch && !t.Diverged).Select(t => 100 * (1 - t.FinalOr($"{split}_error"))).Where(double.IsFinite)];
            }
        }

        var epsilon = quantity.Contains("1e-3", StringComparison.Ordinal) ? 1e-3 : 5e-4;
        var space = quantity.Contains("full", StringComparison.Ordinal) ? SharpnessSpace.Full : SharpnessSpace.Subspace;
        var label = $"B = {NumberFormat.Batch(batch, false)},";
        return [.. perTrial.Where(r => r.Solution.StartsWith(label, StringComparison.Ordinal))
            .SelectMany(r => r.Sharpness.Where(m => m.Space == space && Math.Abs(m.Epsilon - epsilon) < 1e-12).Select(m => m.Sharpness))];
    }

    static double Mean(IReadOnlyList<double> xs) => xs.Count == 0 ? double.NaN : xs.Average();

    static double Std(IReadOnlyList<double> xs)
    {
        if (xs.Count < 2)
        {
            return double.NaN;
        }

        var mean = xs.Average();
        return Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / (xs.Count - 1));
    }
}
