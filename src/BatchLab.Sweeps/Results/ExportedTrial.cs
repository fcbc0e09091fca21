using System.Text.Json;
using BatchLab.Sweeps.Specs;
using BatchLab.Training;

namespace BatchLab.Sweeps.Results;

/// <summary>One trial's values over updates: <see cref="Update"/>[i] ↦ <see cref="Value"/>[i].</summary>
public sealed record Curve(IReadOnlyList<long> Update, IReadOnlyList<double> Value);

/// <summary>
/// One exported trial: its grid point, state (QUEUED ... CANCELLED) and attempts, the run summary a worker stored
/// (final and best metrics, weights hash; null until it finishes), its full run spec, and with
/// curves requested its per-update metrics by name.
/// </summary>
public sealed record ExportedTrial(
    int Number,
    IReadOnlyDictionary<string, GridValue> Point,
    string State,
    int Attempt,
    int Failures,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    TrainSummary? Summary,
    string? Error,
    JsonElement Parameters,
    IReadOnlyDictionary<string, Curve>? Curves);
