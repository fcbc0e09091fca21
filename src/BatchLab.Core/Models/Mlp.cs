using static TorchSharp.torch;

namespace BatchLab.Models;

/// <summary>
/// Multi-layer perceptron: flatten, then per hidden width fc_i [→ bn_i] → act_i, then the output
/// layer. Layers are named flatten, fc1, bn1, relu1, …, fc{n+1} so hooks and summaries can cite them.
/// </summary>
public static class Mlp
{
    public static nn.Module<Tensor, Tensor> Build(MlpSpec spec, ModelInput input, Device? device)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)> { ("flatten", nn.Flatten()) };
        var features = input.SampleShape.Aggregate(1L, (a, b) => a * b);
        var index = 1;
        foreach (var width in spec.HiddenWidths)
        {
            layers.Add(($"fc{index}", nn.Linear(features, width, device: device)));
            if (spec.BatchNorm)
            {
                layers.Add(($"bn{index}", new GhostBatchNorm1d(width, device: device)));
            }

            layers.Add(($"{spec.Activation.SpecName()}{index}", spec.Activation.CreateModule()));
            features = width;
            index++;
        }

        layers.Add(($"fc{index}", nn.Linear(features, input.Outputs, device: device)));
        return nn.Sequential(layers);
    }
}
