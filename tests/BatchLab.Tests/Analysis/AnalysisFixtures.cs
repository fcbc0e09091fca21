using BatchLab.Studies.Analysis;
using BatchLab.Training;

namespace BatchLab.Tests.Analysis;

/// <summary>Trial outcomes built by hand, so analyses can be checked against known answers.</summary>
public static class AnalysisFixtures
{
    public static FinishedTrial Outcome(long batch, double baseLr, long seed, double testError, double? valError = null, bool diverged = false, long? stepsToTarget = null, double secondsPerUpdate = 0.001)
    {
        var final = new Dictionary<string, double> { ["test_error"] = testError, ["val_error"] = valError ?? testError };
        var target = stepsToTarget is long s ? new TargetHit("val_error", 0.05, 0.04, s, s * batch, 1, s * secondsPerUpdate) : null;
        const long updates = 1000;
        return new FinishedTrial(batch, false, baseLr * batch, seed, diverged, final, final, updates, updates * batch, updates * secondsPerUpdate, target);
    }
}
