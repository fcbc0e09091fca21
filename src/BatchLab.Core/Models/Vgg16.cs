using static TorchSharp.torch;

namespace BatchLab.Models;

/// <summary>
/// VGG-16, configuration D of Simonyan &amp; Zisserman 2015, on 3×224×224 images: five blocks of
/// 3×3 'same' convolutions (64, 64 | 128, 128 | 256 ×3 | 512 ×3 | 512 ×3), each conv followed by
/// ReLU and each block by 2×2 max-pooling, then fc6 4096, fc7 4096 (ReLU and dropout 0.5 each)
/// and fc8. 138,357,544 parameters with 1000 classes, 553 MB in float32. Layer names follow the
/// paper: conv1_1 … conv5_3, pool1 … pool5, fc6 … fc8. Used for the memory model, not for MNIST.
/// </summary>
public static class Vgg16
{
    static readonly int[][] Blocks = [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]];

    public static nn.Module<Tensor, Tensor> Build(ModelInput input, Device? device)
    {
        if (!input.SampleShape.SequenceEqual([3L, 224L, 224L]))
        {
            throw new BatchLabException(
                $"model 'vgg16' is built for 3×224×224 images (ImageNet size), but the data has samples of shape {ImageShape.Format(input.SampleShape)}; for 28×28 images use lenet5, simple-cnn, resnet8 or resnet20");
        }

        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        long channels = 3;
        for (var b = 0; b < Blocks.Length; b++)
        {
            for (var c = 0; c < Blocks[b].Length; c++)
            {
                layers.Add(($"conv{b + 1}_{c + 1}", nn.Conv2d(channels, Blocks[b][c], 3, padding: 1, device: device)));
                layers.Add(($"relu{b + 1}_{c + 1}", nn.ReLU()));
                channels = Blocks[b][c];
            }

            layers.Add(($"pool{b + 1}", nn.MaxPool2d(2)));
        }

        // Five poolings take 224 to 7: fc6 sees 512×7×7 = 25,088 features.
        layers.Add(("flatten", nn.Flatten()));
        layers.Add(("fc6", nn.Linear(512 * 7 * 7, 4096, device: device)));
        layers.Add(("relu6", nn.ReLU()));
        layers.Add(("drop6", nn.Dropout(0.5)));
        layers.Add(("fc7", nn.Linear(4096, 4096, device: device)));
        layers.Add(("relu7", nn.ReLU()));
        layers.Add(("drop7", nn.Dropout(0.5)));
        layers.Add(("fc8", nn.Linear(4096, input.Outputs, device: device)));
        return nn.Sequential(layers);
    }
}
