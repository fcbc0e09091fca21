// Using BatchLab as a library with your own TorchSharp module and your own tensors: the same
// model trained with pure SGD (B = 1), mini-batch SGD (B = 32) and batch gradient descent
// (B = full), with the batch of 32 also accumulated over micro-batches of 8 to show that the
// micro-batch changes memory, not the result (equal up to float32 rounding, so the weight
// hashes differ in the last bits).
//
//   dotnet run --project samples/OwnModel
using BatchLab.Data;
using BatchLab.Runtime;
using BatchLab.Training;
using BatchLab.Training.Optimizers;
using static TorchSharp.torch;

// Your data: any tensors. Here 2,500 points in 20 dimensions labelled by a hidden rule.
manual_seed(0);
var x = randn(2500, 20);
var y = x.narrow(1, 0, 5).sum(dim: 1).Gt(0).to_type(ScalarType.Int64);
using var data = new Dataset
{
    Name = "my-data",
    Task = TaskKind.Classification,
    Classes = 2,
    SampleShape = [20],
    Train = new TensorSplit(x.narrow(0, 0, 2000), y.narrow(0, 0, 2000)),
    Validation = new TensorSplit(x.narrow(0, 2000, 250), y.narrow(0, 2000, 250)),
    Test = new TensorSplit(x.narrow(0, 2250, 250), y.narrow(0, 2250, 250)),
    Provenance = "samples/OwnModel",
};

// Your model: any Module<Tensor, Tensor> whose output has one logit per class.
static nn.Module<Tensor, Tensor> MyModel()
{
    manual_seed(42); // the same initial weights for every run below
    return nn.Sequential(("fc1", nn.Linear(20, 64)), ("relu", nn.ReLU()), ("fc2", nn.Linear(64, 2)));
}

foreach (var (label, batch, micro, lr) in new (string, BatchSize, long?, double)[]
{
    ("pure SGD, B = 1", BatchSize.Of(1), null, 0.01),
    ("mini-batch, B = 32", BatchSize.Of(32), null, 0.1),
    ("mini-batch, B = 32 as 4 micro-batches of 8", BatchSize.Of(32), 8, 0.1),
    ("batch GD, B = full", BatchSize.Full, 500, 0.5),
})
{
    var options = new TrainOptions
    {
        Batch = batch,
        MicroBatch = micro,
        Optimizer = new OptimizerOptions(OptimizerKind.Sgd, Momentum: 0.9),
        LearningRate = new LearningRateOptions(Lr: lr),
        Budget = new Budget(Epochs: 5),
        Seed = 1,
    };
    using var trainer = new Trainer(MyModel(), data, options);
    var result = trainer.Run();
    Console.WriteLine($"{label,-45} {result.Updates,6} updates  val error {result.Final["val_error"]:P2}  weights {result.WeightsSha256[..12]}");
}
