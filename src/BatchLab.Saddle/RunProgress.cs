namespace BatchLab.Saddle;

/// <summary>The events of one seed's run as it advances; turned into an <see cref="EscapeRun"/> at the end.</summary>
sealed class RunProgress(int seed, double startObjective)
{
    /// <summary>Points kept in an <see cref="ObjectiveTrace"/>.</summary>
    const int TracePoints = 300;

    readonly List<double> objective = [startObjective];

    public int Seed { get; } = seed;

    public int? StepsToEscape { get; private set; }

    public int? StepsToMinimum { get; private set; }

    public int? FixedPointStep { get; private set; }

    public int Perturbations { get; set; }

    public int LastPerturbation { get; set; } = int.MinValue / 2;

    public bool Active => StepsToMinimum is null && FixedPointStep is null;

    public void Record(int step, double f, bool unchanged, SaddleEscapeOptions options)
    {
        objective.Add(f);
        StepsToEscape ??= f <= OrthogonalTensor.SaddleValue - options.EscapeMargin ? step : null;
        StepsToMinimum ??= f <= options.MinimumTolerance ? step : null;
        FixedPointStep ??= unchanged ? step - 1 : null;
    }

    public (EscapeRun Run, ObjectiveTrace Trace) Finish(EscapeMethod method, int? batch, double startOffset)
    {
        var run = new EscapeRun(
            method, batch, Seed, startOffset, StepsToEscape, StepsToMinimum, FixedPointStep,
            objective.Count - 1, objective[^1], Perturbations);
        var stride = Math.Max(1, (objective.Count + TracePoints - 1) / TracePoints);
        var steps = Enumerable.Range(0, objective.Count).Where(s => s % stride == 0 || s == objective.Count - 1).ToList();
        return (run, new ObjectiveTrace(method, batch, Seed, startOffset, steps, steps.Select(s => objective[s]).ToList()));
    }
}
