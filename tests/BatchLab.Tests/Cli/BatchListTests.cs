using BatchLab.Cli;

namespace BatchLab.Tests.Cli;

/// <summary>`--batch` reads the same in every command: the grid syntax `sweep` takes.</summary>
public sealed class BatchListTests
{
    [Theory]
    [InlineData("8,64,512", new long[] { 8, 64, 512 })]
    [InlineData("1,2,4,...,16", new long[] { 1, 2, 4, 8, 16 })]
    [InlineData("2^0..2^3", new long[] { 1, 2, 4, 8 })]
    public void Batch_sizes_take_grid_syntax(string text, long[] sizes) => Assert.Equal(sizes, DiagnoseArguments.ParseSizes(text, "--batch"));

    [Theory]
    [InlineData("4,zero")]
    [InlineData("0.5")]
    [InlineData("1,2,4,...,10")]
    public void Anything_but_positive_whole_numbers_is_refused_naming_the_option(string text)
    {
        var error = Assert.Throws<BatchLabException>(() => DiagnoseArguments.ParseSizes(text, "--batch"));

        Assert.StartsWith($"--batch '{text}'", error.Message, StringComparison.Ordinal);
    }
}
