using static TorchSharp.torch;

namespace BatchLab.Models;

/// <summary>
/// LeNet-5 (LeCun et al. 1998) for 28×28 digits: conv1 6@5×5 with padding 2 (so 28×28 plays the
/// role of the original 32×32), tanh, 2×2 average pooling, conv2 16@5×5, tanh, pooling, then fully
/// connected 120, 84 and the outputs. Kept from the original: tanh and average pooling. Simplified
/// as is usual: every C3 map sees all six S2 maps, pooling has no trainable coefficients, and the
/// output is linear instead of RBF units. 61,706 parameters on 1×28×28 with 10 classes.
/// </summary>
public static class LeNet5
{
    public static nn.Module<Tensor, Tensor> Build(ModelInput input, Device? device)
    {
        // Spatial size: H → H (padding 2) → H/2 → H/2 − 4 → (H/2 − 4)/2, at least 1: H ≥ 12.
        var image = ImageShape.Require("lenet5", input, minSide: 12);
        var side = (long h) => (h / 2 - 4) / 2;
        return nn.Sequential(
            ("conv1", nn.Conv2d(image.Channels, 6, 5, padding: 2, device: device)),
            ("tanh1", nn.Tanh()),
            ("pool1", nn.AvgPool2d(2)),
            ("conv2", nn.Conv2d(6, 16, 5, device: device)),
            ("tanh2", nn.Tanh()),
            ("pool2", nn.AvgPool2d(2)),
            ("flatten", nn.Flatten()),
            ("fc1", nn.Linear(16 * side(image.Height) * side(image.Width), 120, device: device)),
            ("tanh3", nn.Tanh()),
            ("fc2", nn.Linear(120, 84, device: device)),
            ("tanh4", nn.Tanh()),
            ("fc3", nn.Linear(84, input.Outputs, device: device)));
    }
}
