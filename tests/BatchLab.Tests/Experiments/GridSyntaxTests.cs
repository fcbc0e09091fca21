using BatchLab.Sweeps.Specs;

namespace BatchLab.Tests.Experiments;

public class GridSyntaxTests
{
    static string[] Expand(string text) => [.. GridSyntax.Parse(text, "--x").Select(v => v.ToString())];

    [Theory]
    [InlineData("1,2,4,full", "1 2 4 full")]
    [InlineData(" 0.05 , 1e-3 ", "0.05 0.001")]
    [InlineData("2^-3,10^-2", "0.125 0.01")]
    [InlineData("2^-3..2^0", "0.125 0.25 0.5 1")]
    [InlineData("2^-12..2^0:4", "0.000244140625 0.00390625 0.0625 1")]
    [InlineData("2^0..2^-3:2", "1 0.25")]
    [InlineData("2^0..2^5:2", "1 4 16")]
    [InlineData("10^-4..10^-1", "0.0001 0.001 0.01 0.1")]
    [InlineData("1,2,4,...,64", "1 2 4 8 16 32 64")]
    [InlineData("1,2,4,...,1024,full", "1 2 4 8 16 32 64 128 256 512 1024 full")]
    [InlineData("10,20,...,50", "10 20 30 40 50")]
    [InlineData("32,adaptive:policy=goodput,min=16,max=512,adaptive:policy=schedule", "32 adaptive:policy=goodput,min=16,max=512 adaptive:policy=schedule")]
    [InlineData("1,2,...,5", "1 2 3 4 5")]
    [InlineData("0.1,0.2,...,0.6", "0.1 0.2 0.3 0.4 0.5 0.6")]
    [InlineData("0.001,0.01,0.1,...,10", "0.001 0.01 0.1 1 10")]
    [InlineData("64,32,16,...,2", "64 32 16 8 4 2")]
    [InlineData("2^-20,2^-19,2^-18,…,2^-16", "9.5367431640625E-07 1.9073486328125E-06 3.814697265625E-06 7.62939453125E-06 1.52587890625E-05")]
    [InlineData("full,1,3,...,7,2^4", "full 1 3 5 7 16")]
    public void Expands_lists_powers_ranges_and_progressions(string text, string expected)
    {
        Assert.Equal(expected.Split(' '), Expand(text));
    }

    [Fact]
    public void Generated_values_are_the_doubles_the_user_would_have_typed()
    {
        var values = GridSyntax.Parse("0.1,0.2,...,1", "--lr").Select(v => v.Number!.Value).ToArray();
        double[] typed = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

        Assert.Equal(typed, values);
        Assert.Equal(Math.ScaleB(1, -12), GridSyntax.Parse("2^-12..2^0", "--lr")[0].Number);
    }

    [Theory]
    [InlineData("", "no values given")]
    [InlineData("1,,2", "an empty item")]
    [InlineData("1,2,", "an empty item")]
    [InlineData("1,2,4,...", "'...' needs the last term after it")]
    [InlineData("4,...,64", "at least two numbers before it")]
    [InlineData("full,4,...,64", "at least two numbers before it")]
    [InlineData("1,2,4,...,1000", "1000 is not reached from 4 by a factor of 2")]
    [InlineData("1,3,...,10", "10 is not reached from 3 in steps of 2")]
    [InlineData("4,2,...,16", "16 is not reached from 2 in steps of -2")]
    [InlineData("1,2,5,...,100", "change by neither a constant ratio nor a constant difference")]
    [InlineData("3,3,...,3", "do not change")]
    [InlineData("1,-2,4,...,16", "alternate in sign")]
    [InlineData("2^-12..3^0", "same base")]
    [InlineData("2^-12..2^0:0", "step after ':'")]
    [InlineData("1..10", "not a range of powers")]
    [InlineData("2^-12..2^x", "not a range of powers")]
    [InlineData("1,2,2", "2 appears twice")]
    [InlineData("1,2,4,...,8,8", "8 appears twice")]
    [InlineData("1e400", "'1e400' is not a number")]
    [InlineData("#3", "'#3' is not a number")]
    [InlineData("1,2,...,20000", "more than 10,000 values")]
    public void Bad_syntax_is_one_line_naming_the_option_and_the_text(string text, string problem)
    {
        var e = Assert.Throws<BatchLabException>(() => GridSyntax.Parse(text, "--batch"));

        Assert.StartsWith($"--batch '{text}': ", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(BatchLabException.BadInput, e.ExitCode);
    }

    [Theory]
    [InlineData("batch", "0.5", "batch 0.5 is not valid; batch must be a positive whole number, full, adaptive[:policy=goodput|schedule,min=…,max=…], or decay:b=…[,factor=2,drops=0.5/0.75] (B fixed, η ÷ factor at each drop)")]
    [InlineData("batch", "0", "batch 0 is not valid")]
    [InlineData("batch", "fuller", "batch fuller is not valid")]
    [InlineData("lr", "full", "lr full is not valid; lr must be a positive number")]
    [InlineData("lr", "-0.1", "lr -0.1 is not valid")]
    [InlineData("lr", "NaN", "lr nan is not valid")]
    [InlineData("momentum", "0.5,1", "momentum 1 is not valid; momentum must be a number in [0, 1)")]
    [InlineData("seed", "1.5", "seed 1.5 is not valid")]
    public void Axis_values_are_checked_against_the_axis(string axis, string text, string problem)
    {
        var e = Assert.Throws<BatchLabException>(() => GridAxis.Parse(axis, text, "--" + axis));

        Assert.Equal($"--{axis}: {problem}", e.Message[..Math.Min(e.Message.Length, problem.Length + axis.Length + 4)]);
    }

    [Fact]
    public void A_lone_seed_count_means_seeds_from_zero_and_a_list_means_those_seeds()
    {
        Assert.Equal(["0", "1", "2"], GridAxis.Seeds("3", "--seeds").Values.Select(v => v.ToString()));
        Assert.Equal(["3", "7"], GridAxis.Seeds("3,7", "--seeds").Values.Select(v => v.ToString()));
        Assert.Equal(["0", "2", "4"], GridAxis.Seeds("0,2,...,4", "--seeds").Values.Select(v => v.ToString()));
        Assert.Contains("seed count must be between 1", Assert.Throws<BatchLabException>(() => GridAxis.Seeds("0", "--seeds")).Message);
    }
}
