using static TorchSharp.torch;

namespace BatchLab.Models;

/// <summary>
/// The classic small MNIST convnet (TensorFlow's "Deep MNIST" tutorial): conv1 32@5×5 'same', ReLU,
/// 2×2 max-pool, conv2 64@5×5 'same', ReLU, max-pool, fc1 1024, ReLU, fc2 to the outputs.
/// 3,274,634 parameters on 1×28×28 with 10 classes, 98% of them in fc1.
/// </summary>
public static class SimpleCnn
{
    public static nn.Module<Tensor, Tensor> Build(ModelInput input, Device? device)
    {
        var image = ImageShape.Require("simple-cnn", input, minSide: 4);
        return nn.Sequential(
            ("conv1", nn.Conv2d(image.Channels, 32, 5, padding: 2, device: device)),
            ("relu1", nn.ReLU()),
            ("pool1", nn.MaxPool2d(2)),
            ("conv2", nn.Conv2d(32, 64, 5, padding: 2, device: device)),
            ("relu2", nn.ReLU()),
            ("pool2", nn.MaxPool2d(2)),
            ("flatten", nn.Flatten()),
            ("fc1", nn.Linear(64 * (image.Height / 4) * (image.Width / 4), 1024, device: device)),
            ("relu3", nn.ReLU()),
            ("fc2", nn.Linear(1024, input.Outputs, device: device)));
    }
}
