using BatchLab.Diagnostics.Sharpness;

namespace BatchLab.Studies.Progress;

/// <summary>
/// The diagnostics a study will run, each with its planned seconds, named as
/// <see cref="StudyDiagnostics"/> reports them: the overall progress weights the stage by them
/// before it starts. Most diagnostics are gradients over samples: their work is counted in
/// samples (draws × the batch sizes drawn, a Hessian-vector product as two gradients) at the
/// per-sample cost of training's largest batch (measured); throughput runs for the seconds its
/// options give; a memory probe is a process start (about 3 s); the noise over training is one
/// run of the best cell (the tracked run's updates at its measured cost). A plan is rough —
/// the tracker scales the parts still to run by how long the finished ones took against it.
/// </summary>
public static class DiagnosticsPlan
{
    /// <summary>Seconds of one memory probe (a fresh process that loads torch).</summary>
    public const double ProbeSeconds = 3;

    /// <param name="secondsPerSample">Worker-seconds of one sample's gradient (training's cost per update ÷ B at its largest B).</param>
    /// <param name="overTraining">Seconds of the noise over training's run, or null when it is not run here (measured beside the sweep, or no noise diagnostic).</param>
    /// <param name="trained">Whether a trained solution exists (the diagnostics at solutions run).</param>
    public static IReadOnlyList<(string Name, double Seconds)> Of(StudyPreset preset, long trainSamples, double secondsPerSample, double? overTraining, bool trained, bool memoryProbe)
    {
        var plan = preset.Diagnostics;
        var parts = new List<(string, double)>();
        double Samples(double samples) => samples * secondsPerSample;
        if (plan.Throughput is { } t)
        {
            var batches = t.Batches.Count(b => b <= trainSamples) + preset.Sweep.Points().Select(p => p.Apply(preset.Sweep.Base).Train.Batch).Distinct().Count();
            parts.Add(("throughput", t.Seconds * t.Repeats * batches));
        }

        if (plan.Noise is { } n)
        {
            var noise = Samples((n.Draws * n.Batches.Sum()) + (n.Exact ? trainSamples : 0));
            parts.Add(("noise scale at initialisation", noise));
            if (trained)
            {
                parts.Add(("noise scale of the best solution", noise));
                if (overTraining is double o)
                {
                    parts.Add(("noise scale over training", o));
                }
            }
        }

        if (plan.Agreement is { } a)
        {
            var largest = a.Largest ?? Math.Min(trainSamples, 4096);
            var drawn = a.Batches?.Sum() ?? (2 * largest);
            var points = trained ? 2 : 1;
            parts.Add(("gradient agreement", Samples(points * ((a.Draws * drawn) + (a.Noise.Draws * a.Noise.Batches.Sum()) + Math.Min(trainSamples, a.Population ?? trainSamples)))));
        }

        if (plan.Sharpness is { } s && trained)
        {
            var sharp = Samples(Sharpness(s, trainSamples));
            parts.Add(("sharpness of the smallest-batch solution", sharp));
            parts.Add(("sharpness of the largest-batch solution", sharp));
        }

        if (plan.MemoryLimit is not null)
        {
            parts.Add(("memory", 0.5 + (memoryProbe ? ProbeSeconds * (plan.MemoryMeasured.Count + (plan.MemorySearch ? 4 : 0)) : 0)));
        }

        if (plan.Saddle is not null)
        {
            parts.Add(("saddle escape", 2));
        }

        return parts;
    }

    /// <summary>Gradients over the sample set: Lanczos and power iterations, ε-sharpness's iterations, the line between two solutions; a Hessian-vector product counts as two.</summary>
    static double Sharpness(SharpnessOptions s, long trainSamples) =>
        Math.Min(trainSamples, s.Samples ?? trainSamples) * ((2.0 * ((s.Eigenvalues * s.LanczosSteps) + s.PowerIterations)) + (s.Epsilons.Count * s.Iterations * 2) + s.Alphas.Count);
}
