using BatchLab.Sweeps.Specs;

namespace BatchLab.Studies;

/// <summary>
/// A ready-made study: the sweep that answers the generalization and steps-to-target questions,
/// the diagnostics that answer the others, and (for presets that reproduce a paper) the paper's
/// numbers to show beside ours. <see cref="ExpectedDuration"/> is measured on the reference
/// machine (2 cores), not promised.
/// </summary>
public sealed record StudyPreset(
    string Name,
    string Description,
    string ExpectedDuration,
    SweepSpec Sweep,
    StudyDiagnosticsOptions Diagnostics,
    PaperReference? Paper = null);

/// <summary>A published figure to compare with: what, which configuration, mean and spread.</summary>
public sealed record PaperValue(string Quantity, string Configuration, double Mean, double? Spread);

/// <summary>The paper a preset reproduces and the numbers it reports.</summary>
public sealed record PaperReference(string Citation, IReadOnlyList<PaperValue> Values);
