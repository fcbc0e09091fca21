using BatchLab.Diagnostics.Memory;
using BatchLab.Text;

namespace BatchLab.Reporting.Artifacts.Memory;

/// <summary>The CSV tables of a <see cref="MemoryResult"/>.</summary>
static class MemoryTables
{
    public static IReadOnlyList<DataTable> Build(MemoryResult r)
    {
        var p = r.Prediction;
        var tables = new List<DataTable>
        {
            new("memory_layers", ["layer", "type", "output_shape", "output_floats", "feature_map", "saved_bytes", "parameters", "rule_known"],
                [.. r.Layers.Select(l => (IReadOnlyList<object?>)[l.Name, l.Type, string.Join('x', l.OutputShape), l.OutputFloats, l.FeatureMap, l.SavedBytes, l.Parameters, l.Rule.Known])]),
            new("memory_feature_maps", ["tally", "floats_per_sample", "megabytes_per_sample"],
                [.. r.FeatureMapTallies.Select(t => (IReadOnlyList<object?>)[t.Description, t.Floats, t.Floats * sizeof(float) / 1e6])]),
            new("memory_model", ["term", "bytes", "scales_with_m"],
            [
                ["parameters", p.ParameterBytes, false],
                ["gradients", p.GradientBytes, false],
                ["optimizer_state", p.OptimizerStateBytes, false],
                ["fixed_workspace", p.FixedWorkspaceBytes, false],
                ["saved_activations_per_sample", p.SavedBytesPerSample, true],
                ["peak_activations_per_sample", p.PeakActivationBytesPerSample, true],
            ]),
            new("memory_prediction", ["micro_batch", "predicted_bytes", "measured_bytes", "error", "seconds_per_step", "baseline_bytes"],
                [.. r.Points.Select(x => (IReadOnlyList<object?>)[x.MicroBatch, x.PredictedBytes, x.MeasuredBytes, x.Error, x.SecondsPerStep, x.BaselineBytes])]),
        };
        if (r.LimitSearch is { } b)
        {
            tables.Add(new DataTable(
                "memory_limit_probes", ["micro_batch", "phase", "measured_bytes", "predicted_bytes", "fits", "limit_bytes", "note"],
                [.. b.Probes.Select(t => (IReadOnlyList<object?>)[t.MicroBatch, t.Phase.ToString(), t.MeasuredBytes, t.PredictedBytes, t.Fits, b.Usable, t.Note])]));
        }

        return tables;
    }
}
