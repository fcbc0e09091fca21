using BatchLab.Diagnostics.Agreement;
using BatchLab.Diagnostics.Memory;
using BatchLab.Diagnostics.Noise;
using BatchLab.Diagnostics.Sharpness;
using BatchLab.Diagnostics.Throughput;
using BatchLab.Saddle;

namespace BatchLab.Studies.Findings;

/// <summary>
/// The finding of each kind of diagnostic result: one paragraph that says what the measurements
/// show, every number computed from them. The diagnostics measure; what they mean is said here.
/// </summary>
public static class ResultFindings
{
    public static string Of(NoiseScaleResult r) => NoiseFinding.Describe(r);

    public static string Of(AgreementResult r) => AgreementFinding.Describe(r);

    public static string Of(SharpnessResult r) => SharpnessFinding.Describe(r);

    public static string Of(ThroughputResult r) => ThroughputFinding.Describe(r);

    public static string Of(MemoryResult r) => MemoryFinding.Describe(r);

    public static string Of(SaddleEscapeResult r) => SaddleFinding.Describe(r);
}
