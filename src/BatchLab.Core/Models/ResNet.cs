using static TorchSharp.torch;

namespace BatchLab.Models;

/// <summary>
/// CIFAR-style ResNet (He et al. 2016, section 4.2) with 6n + 2 layers: conv1 3×3 16 → bn1 →
/// relu1, three stages of n basic blocks with 16, 32 and 64 channels (the first block of stages 2
/// and 3 halves the image), global average pooling and fc. Shortcuts are option A (parameter-free,
/// <see cref="PadShortcut"/>), as in the paper's CIFAR experiments. Only the input channels differ
/// from the paper: on 1×28×28 the stages see 28×28, 14×14 and 7×7. Any C×H×W input works.
/// </summary>
public sealed class ResNet : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> conv1;
    readonly GhostBatchNorm2d bn1;
    readonly nn.Module<Tensor, Tensor> relu1;
    readonly nn.Module<Tensor, Tensor> stage1;
    readonly nn.Module<Tensor, Tensor> stage2;
    readonly nn.Module<Tensor, Tensor> stage3;
    readonly nn.Module<Tensor, Tensor> pool;
    readonly nn.Module<Tensor, Tensor> flatten;
    readonly nn.Module<Tensor, Tensor> fc;

    /// <param name="blocksPerStage">n: 1 gives ResNet-8, 3 gives ResNet-20.</param>
    public ResNet(int blocksPerStage, ModelInput input, Device? device) : base($"ResNet{(6 * blocksPerStage) + 2}")
    {
        var image = ImageShape.Require($"resnet{(6 * blocksPerStage) + 2}", input, minSide: 1);
        conv1 = nn.Conv2d(image.Channels, 16, 3, padding: 1, bias: false, device: device);
        bn1 = new GhostBatchNorm2d(16, device: device);
        relu1 = nn.ReLU();
        stage1 = Stage(16, 16, blocksPerStage, device);
        stage2 = Stage(16, 32, blocksPerStage, device);
        stage3 = Stage(32, 64, blocksPerStage, device);
        pool = nn.AdaptiveAvgPool2d(1);
        flatten = nn.Flatten();
        fc = nn.Linear(64, input.Outputs, device: device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var c1 = conv1.call(input);
        using var b1 = bn1.call(c1);
        using var r1 = relu1.call(b1);
        using var s1 = stage1.call(r1);
        using var s2 = stage2.call(s1);
        using var s3 = stage3.call(s2);
        using var pooled = pool.call(s3);
        using var flat = flatten.call(pooled);
        return fc.call(flat);
    }

    static nn.Module<Tensor, Tensor> Stage(long inChannels, long outChannels, int blocks, Device? device) =>
        nn.Sequential(Enumerable.Range(1, blocks).Select(i =>
            ($"block{i}", (nn.Module<Tensor, Tensor>)new BasicBlock(i == 1 ? inChannels : outChannels, outChannels, device))));
}
