using BatchLab.Data;
using BatchLab.Models;
using BatchLab.Models.Transformer;
using BatchLab.Runs;
using BatchLab.Runtime;
using BatchLab.Tests.Support;
using BatchLab.Training;
using static TorchSharp.torch;

namespace BatchLab.Tests.Models.Transformer;

/// <summary>The zoo's decoder-only transformer: spec, shapes, size, causality, and where it is refused.</summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class TransformerTests
{
    const string Small = "transformer:layers=2,dim=32,heads=4,context=16";

    static nn.Module<Tensor, Tensor> Build(string spec = Small, int context = 16)
    {
        manual_seed(7);
        return ModelZoo.Create(spec, TransformerModel.Bytes(context));
    }

    [Fact]
    public void The_spec_parses_every_key_and_refuses_widths_that_do_not_split_into_heads()
    {
        Assert.Equal(new TransformerSpec(3, 48, 6, 32, Tied: true), TransformerSpec.Parse("layers=3,dim=48,heads=6,context=32,tied"));
        Assert.Equal(new TransformerSpec(), TransformerSpec.Parse(""));
        Assert.Equal(TransformerSpec.Example, new TransformerSpec().ToString());
        var e = Assert.Throws<BatchLabException>(() => ModelZoo.CountParameters("transformer:dim=30,heads=4", TransformerModel.Bytes()));
        Assert.StartsWith("model spec 'transformer:dim=30,heads=4': dim=30 does not divide into heads=4 heads of equal width", e.Message);
        e = Assert.Throws<BatchLabException>(() => ModelZoo.CountParameters("transformer:layers=0", TransformerModel.Bytes()));
        Assert.Contains("layers=0 is not a whole number from 1 to 1000", e.Message);
    }

    [Theory]
    [InlineData(1, 16, 64, false)]
    [InlineData(4, 128, 64, false)]
    [InlineData(2, 32, 16, true)]
    public void Parameters_are_nanoGPT_s_count(int layers, int dim, int context, bool tied)
    {
        // Per block: 2 LayerNorms (2D each), c_attn D×3D + 3D, attn c_proj D×D + D, c_fc D×4D + 4D, c_proj 4D×D + D.
        long d = dim;
        var block = (4 * d) + (3 * d * d) + (3 * d) + (d * d) + d + (4 * d * d) + (4 * d) + (4 * d * d) + d;
        var expected = (256 * d) + (context * d) + (layers * block) + (2 * d) + (tied ? 0 : d * 256);
        var spec = $"transformer:layers={layers},dim={dim},heads=4,context={context}{(tied ? ",tied" : "")}";

        Assert.Equal(expected, ModelZoo.CountParameters(spec, TransformerModel.Bytes(context)));
        using var model = Build(spec, context);
        Assert.Equal(expected, model.CountParameters());
    }

    [Fact]
    public void Logits_are_batch_by_position_by_vocabulary_for_any_length_up_to_the_context()
    {
        using var model = Build();
        using var tokens = randint(0, 256, [3, 16]);

        Assert.Equal([3L, 16, 256], model.call(tokens).shape);
        Assert.Equal([3L, 5, 256], model.call(tokens.narrow(1, 0, 5)).shape);
        var e = Assert.Throws<BatchLabException>(() => model.call(randint(0, 256, [1, 17])));
        Assert.Equal("a sequence of 17 tokens is longer than the model's context of 16", e.Message);
    }

    [Theory]
    [InlineData(Small)]
    [InlineData(Small + ",tied")]
    public void Changing_a_token_changes_the_logits_at_its_position_and_after_never_before(string spec)
    {
        using var model = Build(spec);
        model.eval();
        using var _ = no_grad();
        using var tokens = randint(0, 256, [2, 16]);
        using var changed = tokens.clone();
        changed[.., 9] = tokens[.., 9].Add(1).Remainder(256);

        using var before = model.call(tokens);
        using var after = model.call(changed);
        using var difference = (before - after).abs().amax([0, 2]);

        var perPosition = difference.data<float>().ToArray();
        Assert.All(perPosition[..9], d => Assert.Equal(0f, d));
        Assert.All(perPosition[9..], d => Assert.True(d > 1e-6, $"position ≥ 9 should see the change; max |Δ| = {d}"));
    }

    [Fact]
    public void Tied_embeddings_share_one_weight_and_are_not_counted_or_stepped_twice()
    {
        using var model = Build(Small + ",tied");
        var names = model.named_parameters().Select(p => p.name).ToList();

        Assert.Contains("wte.weight", names);
        Assert.DoesNotContain("lm_head.weight", names);
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void Initial_weights_follow_nanoGPT_and_the_seed()
    {
        using var a = Build();
        using var b = Build();
        var weights = a.named_parameters().ToDictionary(p => p.name, p => p.parameter);

        Assert.All(a.named_parameters().Zip(b.named_parameters()), p => Assert.True(p.First.parameter.equal(p.Second.parameter).all().item<bool>(), p.First.name));
        Assert.Equal(0.02, weights["wte.weight"].std().item<float>(), 2);
        Assert.Equal(0.02 / Math.Sqrt(4), weights["h.0.c_proj.weight"].std().item<float>(), 2);
        Assert.Equal(0f, weights["h.1.attn.c_attn.bias"].abs().max().item<float>());
        Assert.Equal(1f, weights["ln_f.weight"].min().item<float>());
    }

    [Fact]
    public void The_loss_is_the_mean_over_tokens_and_the_batch_mean_of_per_sequence_sums()
    {
        manual_seed(1);
        using var logits = randn([4, 6, 256]);
        using var targets = randint(0, 256, [4, 6]);

        var mean = Losses.Mean(TaskKind.NextToken, logits, targets).item<float>();
        var sum = Losses.Sum(TaskKind.NextToken, logits, targets).item<float>();
        var perToken = nn.functional.cross_entropy(logits.reshape(24, 256), targets.reshape(24), reduction: nn.Reduction.None);

        Assert.Equal(perToken.mean().item<float>(), mean, 5);
        Assert.Equal(mean * 4, sum, 4);
        Assert.Equal(8.0, LossUnits.BitsPerToken(Math.Log(256)), 12);
    }

    [Fact]
    public void Accumulating_micro_batches_gives_the_batch_s_gradient()
    {
        manual_seed(3);
        using var split = new TensorSplit(randint(0, 256, [12, 16]), randint(0, 256, [12, 16]));
        using var rows = ScalarOps.Arange(12);
        Tensor[] Gradient(long micro)
        {
            using var model = Build();
            var step = new UpdateStep(model, split, TaskKind.NextToken, BatchPlan.Create(BatchSize.Of(12), micro, null, 12));
            step.Gradients(rows, 12);
            return [.. step.Parameters.Select(p => p.grad!.detach().clone())];
        }

        var whole = Gradient(12);
        var accumulated = Gradient(5);

        Assert.All(whole.Zip(accumulated), g => Assert.True(g.First.allclose(g.Second, rtol: 1e-4, atol: 1e-7)));
    }

    [Fact]
    public void A_normalization_batch_is_refused_in_one_line_because_there_is_no_BatchNorm()
    {
        var spec = new RunSpec("brown", new DataOptions(), Small, new TrainOptions { NormBatch = 4 });

        var e = Assert.Throws<BatchLabException>(spec.Validate);

        Assert.Equal($"--norm-batch 4 sets the BatchNorm statistics batch G, but '{Small}' has no BatchNorm layer; leave it out, or use a model with BatchNorm (e.g. mlp:256,bn, keskar-f1, resnet8)", e.Message);
    }

    [Fact]
    public void A_run_cuts_text_into_windows_of_the_model_s_context_and_refuses_models_that_cannot_read_it()
    {
        using var dir = new Data.TempDirectory();
        var path = Data.Text.TextFixtures.Paragraphs(dir.Path, paragraphs: 20, length: 60);
        var spec = new RunSpec("text:" + path, new DataOptions(), "transformer:layers=1,dim=16,heads=2,context=24", new TrainOptions());

        using var data = RunFactory.LoadData(spec);
        Assert.Equal([24L], data.SampleShape);
        using var model = RunFactory.CreateModel(spec, data);

        var mlp = Assert.Throws<BatchLabException>(() => RunFactory.CreateModel(spec with { Model = "mlp:16" }, data));
        Assert.StartsWith($"text:{path} is text (token ids): 'mlp:16' reads numbers, not tokens", mlp.Message);
        using var images = DataCatalog.Load("synthetic-teacher:n=64,test=16,d=8");
        var transformer = Assert.Throws<BatchLabException>(() => RunFactory.CreateModel(spec, images));
        Assert.StartsWith($"'{spec.Model}' reads text (token ids)", transformer.Message);
    }
}
