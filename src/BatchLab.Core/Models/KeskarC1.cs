using static TorchSharp.torch;

namespace BatchLab.Models;

/// <summary>
/// Keskar et al. 2017's network C1, the "shallow convolutional" CIFAR-10 network of their Table 1:
/// the AlexNet-style net of cuda-convnet and the TensorFlow CIFAR-10 tutorial, two convolutions of
/// 64 5×5 filters and two fully connected layers of 384 and 192, with batch norm (ghost BN here)
/// in place of local response normalisation. Layers: conv1 → relu1 → pool1 (3×3, stride 2) → bn1 →
/// conv2 → relu2 → bn2 → pool2 (3×3, stride 2) → fc1 384 → relu3 → fc2 192 → relu4 → fc3.
/// 1,756,682 parameters on 3×32×32 with 10 classes, 90% of them in fc1. The paper's appendix
/// gives the layer sizes, not every detail (padding, pooling overlap); these follow the tutorial.
/// </summary>
public static class KeskarC1
{
    public static nn.Module<Tensor, Tensor> Build(ModelInput input, Device? device)
    {
        var image = ImageShape.Require("keskar-c1", input, minSide: 4);

        // Pooling 3×3, stride 2, padding 1 halves a side, rounding up: 32 → 16 → 8.
        var side = (long h) => (((h + 1) / 2) + 1) / 2;
        return nn.Sequential(
            ("conv1", nn.Conv2d(image.Channels, 64, 5, padding: 2, device: device)),
            ("relu1", nn.ReLU()),
            ("pool1", nn.MaxPool2d(3, stride: 2, padding: 1)),
            ("bn1", new GhostBatchNorm2d(64, device: device)),
            ("conv2", nn.Conv2d(64, 64, 5, padding: 2, device: device)),
            ("relu2", nn.ReLU()),
            ("bn2", new GhostBatchNorm2d(64, device: device)),
            ("pool2", nn.MaxPool2d(3, stride: 2, padding: 1)),
            ("flatten", nn.Flatten()),
            ("fc1", nn.Linear(64 * side(image.Height) * side(image.Width), 384, device: device)),
            ("relu3", nn.ReLU()),
            ("fc2", nn.Linear(384, 192, device: device)),
            ("relu4", nn.ReLU()),
            ("fc3", nn.Linear(192, input.Outputs, device: device)));
    }
}
