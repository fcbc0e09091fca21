namespace BatchLab.Saddle;

/// <summary>
/// One descent on <see cref="PlaneSaddle"/> from (StartX, StartY). Escaped: f ≤ −margin; minimum:
/// f ≤ −1 + tolerance; null when it never happened. <see cref="StartGradientNorm"/> is computed in
/// float64 (exactly 0 at the origin). The trajectory is kept for the first seed only.
/// </summary>
public sealed record PlaneRun(
    EscapeMethod Method,
    int Seed,
    double StartX,
    double StartY,
    double StartGradientNorm,
    int? StepsToEscape,
    int? StepsToMinimum,
    double FinalX,
    double FinalY,
    double FinalObjective,
    int Perturbations,
    IReadOnlyList<double>? TrajectoryX,
    IReadOnlyList<double>? TrajectoryY)
{
    public bool Escaped => StepsToEscape is not null;
}
