using BatchLab.Data;
using static TorchSharp.torch;

namespace BatchLab.Training;

/// <summary>
/// The data set on the training device in the training precision. A float32 CPU run uses the
/// caller's tensors as they are; otherwise the splits are copied once (and owned here).
/// </summary>
public sealed class TrainingData : IDisposable
{
    readonly bool owned;

    public TrainingData(Dataset source, ScalarType dtype, Device device)
    {
        // Token ids (text) stay int64 in every precision: only the device can differ.
        var same = (source.Train.Inputs.dtype == dtype || !source.Train.Inputs.is_floating_point()) && source.Train.Inputs.device.type == device.type;
        owned = !same;
        Data = same ? source : new Dataset
        {
            Name = source.Name,
            Task = source.Task,
            Classes = source.Classes,
            SampleShape = source.SampleShape,
            Provenance = source.Provenance,
            Text = source.Text,
            Train = Convert(source.Train, source.Task, dtype, device),
            Validation = Convert(source.Validation, source.Task, dtype, device),
            Test = Convert(source.Test, source.Task, dtype, device),
        };
    }

    public Dataset Data { get; }

    static TensorSplit Convert(TensorSplit split, TaskKind task, ScalarType dtype, Device device) => new(
        split.Inputs.is_floating_point() ? split.Inputs.to(dtype, device) : split.Inputs.to(device),
        task == TaskKind.Regression ? split.Targets.to(dtype, device) : split.Targets.to(device));

    public void Dispose()
    {
        if (owned)
        {
            Data.Dispose();
        }
    }
}
