namespace BatchLab.Diagnostics.Gradients;

/// <summary>What a gradient diagnostic looked at: data set, model spec and which weights (e.g. "init (seed 0)", "checkpoint runs/a, update 860").</summary>
public sealed record DiagnosedModel(string Data, string Model, string Weights);
