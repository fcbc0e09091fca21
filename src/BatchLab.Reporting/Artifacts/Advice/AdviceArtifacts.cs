using BatchLab.Reporting.Plots;
using BatchLab.Studies.Advice;
using BatchLab.Text;

namespace BatchLab.Reporting.Artifacts.Advice;

/// <summary>The figures and tables of `advise`: the measurements it rests on, the rate probe and the data-parallel projection.</summary>
static class AdviceArtifacts
{
    public static Plots.Artifacts Build(AdviceResult r)
    {
        var parts = ResultArtifacts.Of(r.Throughput) + ResultArtifacts.Of(r.Noise) + ResultArtifacts.Of(r.Memory);
        if (r.LearningRateProbe is { } probe)
        {
            parts += Probe(probe);
        }

        return parts + new Plots.Artifacts([],
        [
            new DataTable("data_parallel_projection", ["workers", "per_worker_batch", "compute_s", "all_reduce_s", "s_per_update", "speedup", "s_to_target"],
                [.. r.Projection.Rows.Select(p => (IReadOnlyList<object?>)[p.Workers, p.PerWorkerBatch, p.ComputeSeconds, p.CommunicationSeconds, p.SecondsPerUpdate, p.Speedup, p.SecondsToTarget])]),
        ]);
    }

    static Plots.Artifacts Probe(LearningRateProbeResult p) => new(
        [
            new PlotSpec("learning_rate_probe", $"Learning-rate probe at B = {p.Batch:N0} ({p.Epochs:G3} epochs each)",
                new Axis("per-sample learning rate η̃", AxisScale.Log2), new Axis("validation loss", AxisScale.Log10),
                [new Series("validation loss", [.. p.Runs.Where(r => !r.Diverged).Select(r => r.BaseLearningRate)], [.. p.Runs.Where(r => !r.Diverged).Select(r => r.ValidationLoss)])]),
        ],
        [
            new DataTable("learning_rate_probe", ["base_lr", "lr", "val_loss", "diverged"],
                [.. p.Runs.Select(r => (IReadOnlyList<object?>)[r.BaseLearningRate, r.LearningRate, r.ValidationLoss, r.Diverged])]),
        ]);
}
