namespace BatchLab.Saddle;

/// <summary>
/// One descent from the strict saddle (displaced by <see cref="StartOffset"/> along the
/// negative-curvature direction; 0 = the float64 saddle itself). Step counts are updates made and
/// are null when the event never happened within the budget: never escaping is a result, not a
/// number. Batch is null for the methods that use the exact population gradient.
/// <see cref="FixedPointStep"/> (gradient descent only) is the step after which the float64
/// iterate no longer changed bit for bit: the deterministic map is then at a fixed point and stays
/// there for any budget, so the run stops.
/// </summary>
public sealed record EscapeRun(
    EscapeMethod Method,
    int? Batch,
    int Seed,
    double StartOffset,
    int? StepsToEscape,
    int? StepsToMinimum,
    int? FixedPointStep,
    int StepsRun,
    double FinalObjective,
    int Perturbations)
{
    public bool Escaped => StepsToEscape is not null;

    public bool ReachedMinimum => StepsToMinimum is not null;
}

/// <summary>The exact objective after every step of one run, thinned to a few hundred points for plots.</summary>
public sealed record ObjectiveTrace(
    EscapeMethod Method, int? Batch, int Seed, double StartOffset, IReadOnlyList<int> Steps, IReadOnlyList<double> Objective);
