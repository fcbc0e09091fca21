using System.Diagnostics;
using BatchLab.Data;
using BatchLab.Training;
using static TorchSharp.torch;

namespace BatchLab.Diagnostics.Sharpness;

/// <summary>
/// A second solution for the line plot: a label for reports and its state dict. The tensors are
/// read during the run: give copies, or the state dict of a module the caller keeps alive until
/// the run returns (a module's own tensors are freed when it is finalized).
/// </summary>
public sealed record OtherSolution(string Label, IReadOnlyDictionary<string, Tensor> State);

/// <summary>
/// How sharp is the minimum a model sits in? Measures, on the training loss f over a fixed set of
/// training samples in eval mode: the top Hessian eigenvalues (Lanczos on Hessian-vector products,
/// and power iteration as an independent check of the largest), Keskar et al.'s ε-sharpness for
/// each ε in the full weight space and a random p-dimensional subspace, and, given a second
/// solution, loss and error along the line through both.
/// Cost, in passes over the N samples: about 2 per Hessian-vector product (Lanczos steps, one per
/// reported eigenvalue for its residual, power iterations), 1–3 per quasi-Newton iteration of
/// each ε-sharpness search, 1 per value of α.
/// </summary>
public static class SharpnessDiagnostic
{
    public static SharpnessResult Run(
        nn.Module<Tensor, Tensor> model, Dataset data, string modelSpec, string solution, SharpnessOptions options,
        OtherSolution? other = null, Action<string>? log = null)
    {
        options.Validate();
        var watch = Stopwatch.StartNew();
        var stateA = other is null ? null : model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
        try
        {
            LanczosResult? lanczos = null;
            PowerIterationResult? power = null;
            var measurements = new List<SharpnessMeasurement>();
            double loss, error;
            long samples, parameters;
            using (var f = new TrainingLoss(model, data.Train, data.Task, options.Samples, options.Chunk))
            {
                ((loss, error), samples, parameters) = (f.Evaluate(), f.Samples, f.Dimension);
                log?.Invoke($"sharpness: f = {loss:G6} on {samples:N0} training samples (eval mode), {parameters:N0} parameters");
                if (options.Eigenvalues > 0)
                {
                    lanczos = Timed(log, $"Lanczos, {options.LanczosSteps} Hessian-vector products and {options.Eigenvalues} for the residuals", () =>
                        Lanczos.TopEigenvalues(f.HessianVector, f.Dimension, options.LanczosSteps, options.Eigenvalues, SeedFor(options, 1)));
                    log?.Invoke($"  top eigenvalues: {string.Join(", ", lanczos.Eigenvalues.Select(e => e.ToString("G5")))}");
                }

                if (options.PowerIterations > 0)
                {
                    power = Timed(log, $"power iteration, up to {options.PowerIterations} products", () =>
                        PowerIteration.Run(f.HessianVector, f.Dimension, options.PowerIterations, options.PowerTolerance, SeedFor(options, 2)));
                    log?.Invoke($"  λ₁ ≈ {power.Eigenvalue:G5} after {power.Iterations} iterations{(power.Converged ? "" : " (not converged)")}");
                }

                foreach (var epsilon in options.Epsilons)
                {
                    measurements.Add(Timed(log, $"ε-sharpness, full space, ε = {epsilon:G3}", () => EpsilonSharpness.Full(f, epsilon, options.Iterations)));
                    log?.Invoke($"  φ = {measurements[^1].Sharpness:G4}");
                }

                if (options.SubspaceDimension > 0)
                {
                    var p = (int)Math.Min(options.SubspaceDimension, f.Dimension);
                    using var a = EpsilonSharpness.RandomSubspace(f.Dimension, p, SeedFor(options, 3), f.Point.dtype);
                    foreach (var epsilon in options.Epsilons)
                    {
                        measurements.Add(Timed(log, $"ε-sharpness, random {p}-dimensional subspace, ε = {epsilon:G3}", () => EpsilonSharpness.Subspace(f, a, epsilon, options.Iterations)));
                        log?.Invoke($"  φ = {measurements[^1].Sharpness:G4}");
                    }
                }
            }

            var line = other is null ? [] : Timed(log, $"loss along the line to {other.Label}, {options.Alphas.Count} points", () =>
                LineInterpolation.Evaluate(model, stateA!, other.State, data, options.Alphas, options.Samples));
            return new SharpnessResult(
                modelSpec, data.Name, solution, other?.Label, parameters, samples, loss, error, options,
                lanczos, power, measurements, line, watch.Elapsed.TotalSeconds);
        }
        finally
        {
            foreach (var t in stateA?.Values.ToList() ?? [])
            {
                t.Dispose();
            }
        }
    }

    static long SeedFor(SharpnessOptions options, long stream) => (long)(SeedMix.Of(options.Seed, 0x5348_4152, stream) >> 1);

    static T Timed<T>(Action<string>? log, string what, Func<T> work)
    {
        log?.Invoke($"sharpness: {what}...");
        var watch = Stopwatch.StartNew();
        var result = work();
        log?.Invoke($"  ({watch.Elapsed.TotalSeconds:F1} s)");
        return result;
    }
}
