using BatchLab.Runtime;
using BatchLab.Saddle;
using static TorchSharp.torch;

namespace BatchLab.Tests.Runtime;

/// <summary>
/// Tensor arithmetic with number operands while another thread collects garbage and runs finalizers
/// without pause. TorchSharp's implicit Scalars failed this within a second ("Unknown scalar type",
/// "Scalar::toDouble"): the finalizer freed the Scalar while libtorch read it. ScalarOps holds
/// every Scalar until the call returns, and BannedSymbols.txt keeps the implicit forms out.
/// </summary>
public class ScalarLifetimeTests
{
    [Fact]
    public void Number_operands_survive_garbage_collections_during_the_native_call()
    {
        RunWhileCollecting(() =>
        {
            using var x = randn(4, dtype: float64);
            for (var i = 0; i < 30_000; i++)
            {
                using var scope = NewDisposeScope();
                var y = x.Mul(0.5 + (i % 7)).Add(x).Square().Div_(3).Add_(x, alpha: 0.25).ClampMin(-1.0);
                Assert.Equal(4, y.numel());
            }
        });
    }

    [Fact]
    public void The_saddle_descent_that_once_failed_this_way_stays_exact_under_collections()
    {
        RunWhileCollecting(() =>
        {
            for (var i = 0; i < 4; i++)
            {
                var run = PlaneDescent.Run(EscapeMethod.Sgd, 1e-3, 0, [0, 1], new PlaneSaddleOptions());
                Assert.Equal(2, run.Count);
            }
        });
    }

    static void RunWhileCollecting(Action work)
    {
        var stop = 0;
        var collector = new Thread(() =>
        {
            while (Volatile.Read(ref stop) == 0)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        collector.Start();
        try
        {
            work();
        }
        finally
        {
            Volatile.Write(ref stop, 1);
            collector.Join();
        }
    }
}
