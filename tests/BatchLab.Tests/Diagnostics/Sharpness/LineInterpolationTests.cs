using BatchLab.Diagnostics.Sharpness;
using BatchLab.Models;
using BatchLab.Runtime;
using BatchLab.Tests.Support;
using BatchLab.Training;
using static TorchSharp.torch;

namespace BatchLab.Tests.Diagnostics.Sharpness;

public class LineInterpolationTests
{
    [Fact]
    public void Alpha_grid_runs_from_minus_one_to_two_and_holds_both_solutions_exactly()
    {
        var alphas = LineInterpolation.Alphas(-1, 2, 31);

        Assert.Equal(31, alphas.Count);
        Assert.Equal(-1, alphas[0]);
        Assert.Equal(2, alphas[^1]);
        Assert.Contains(0.0, alphas);
        Assert.Contains(1.0, alphas);
    }

    [Fact]
    public void Alpha_zero_and_one_reproduce_each_solutions_loss_batch_norm_statistics_included()
    {
        using var scope = NewDisposeScope();
        using var data = TinyData.Classification(n: 150);
        var input = new ModelInput(data.SampleShape, data.Outputs);
        using var model = ModelZoo.Create("mlp:16,bn", input);
        using var other = ModelZoo.Create("mlp:16,bn", input);
        Train(model, data, 0.3);
        Train(other, data, -0.2);
        var a = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        var b = other.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        var lossA = Evaluator.Evaluate(model, data.Train, data.Task);
        var lossB = Evaluator.Evaluate(other, data.Train, data.Task);
        var testB = Evaluator.Evaluate(other, data.Test, data.Task);

        var line = LineInterpolation.Evaluate(model, a, b, data, [-1, 0, 0.5, 1, 2], trainSamples: null);

        Assert.Equal(lossA.Loss, line[1].TrainLoss);
        Assert.Equal(lossA.Error, line[1].TrainError);
        Assert.Equal(lossB.Loss, line[3].TrainLoss);
        Assert.Equal(testB.Loss, line[3].TestLoss);
        Assert.NotEqual(lossA.Loss, line[2].TrainLoss);
        Assert.Equal(lossA.Loss, Evaluator.Evaluate(model, data.Train, data.Task).Loss);
    }

    // Moves the running statistics and weights away from their initial values so the two solutions differ everywhere.
    static void Train(nn.Module<Tensor, Tensor> model, BatchLab.Data.Dataset data, double shift)
    {
        model.train();
        using (no_grad())
        {
            model.call(data.Train.Inputs.Add(shift));
            foreach (var p in model.parameters())
            {
                p.Add_(shift * 0.1);
            }
        }
    }
}
