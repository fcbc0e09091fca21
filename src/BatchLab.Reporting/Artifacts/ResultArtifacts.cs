using BatchLab.Diagnostics.Agreement;
using BatchLab.Diagnostics.Memory;
using BatchLab.Diagnostics.Noise;
using BatchLab.Diagnostics.Sharpness;
using BatchLab.Diagnostics.Throughput;
using BatchLab.Reporting.Artifacts.Advice;
using BatchLab.Reporting.Artifacts.Agreement;
using BatchLab.Reporting.Artifacts.Analysis;
using BatchLab.Reporting.Artifacts.Memory;
using BatchLab.Reporting.Artifacts.Noise;
using BatchLab.Reporting.Artifacts.Saddle;
using BatchLab.Reporting.Artifacts.Sharpness;
using BatchLab.Reporting.Artifacts.Studies;
using BatchLab.Reporting.Artifacts.Throughput;
using BatchLab.Reporting.Plots;
using BatchLab.Saddle;
using BatchLab.Studies;
using BatchLab.Studies.Advice;
using BatchLab.Studies.Analysis;

namespace BatchLab.Reporting.Artifacts;

/// <summary>
/// The figures and tables of every kind of result, in one place: the measuring layers return
/// plain results, and everything that turns a result into something to look at lives here.
/// </summary>
public static class ResultArtifacts
{
    public static Plots.Artifacts Of(NoiseScaleResult r) => new(NoisePlots.Build(r), NoiseTables.Build(r));

    public static Plots.Artifacts Of(AgreementResult r) => new(AgreementPlots.Build(r), AgreementTables.Build(r));

    public static Plots.Artifacts Of(SharpnessResult r) => new(SharpnessPlots.Build(r), SharpnessTables.Build(r));

    public static Plots.Artifacts Of(ThroughputResult r) => new(ThroughputPlots.Build(r), ThroughputTables.Build(r));

    public static Plots.Artifacts Of(MemoryResult r) => new(MemoryPlots.Build(r), MemoryTables.Build(r));

    public static Plots.Artifacts Of(SaddleEscapeResult r) => new(SaddlePlots.Build(r), SaddleTables.Build(r));

    public static Plots.Artifacts Of(GeneralizationResult r) => new(GeneralizationPlots.All(r), GeneralizationPlots.Tables(r));

    public static Plots.Artifacts Of(StepsToTargetResult r) => new(ScalingPlots.All(r), ScalingPlots.Tables(r));

    public static Plots.Artifacts Of(NoiseOverTrainingResult r) => NoiseOverTrainingArtifacts.Build(r);

    public static Plots.Artifacts Of(AdviceResult r) => AdviceArtifacts.Build(r);

    /// <summary>The artifacts of any result above, or of something that already is <see cref="IArtifacts"/>; null for null.</summary>
    public static IArtifacts? Any(object? result) => result switch
    {
        null => null,
        IArtifacts a => a,
        NoiseScaleResult r => Of(r),
        AgreementResult r => Of(r),
        SharpnessResult r => Of(r),
        ThroughputResult r => Of(r),
        MemoryResult r => Of(r),
        SaddleEscapeResult r => Of(r),
        GeneralizationResult r => Of(r),
        StepsToTargetResult r => Of(r),
        NoiseOverTrainingResult r => Of(r),
        AdviceResult r => Of(r),
        _ => throw new ArgumentException($"no figures or tables are defined for {result.GetType().Name}", nameof(result)),
    };
}
