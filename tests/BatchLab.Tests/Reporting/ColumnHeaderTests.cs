using BatchLab.Reporting;

namespace BatchLab.Tests.Reporting;

/// <summary>The page's table headers are words a reader knows; the CSV keeps the stored names.</summary>
public sealed class ColumnHeaderTests
{
    [Theory]
    [InlineData("median_test_error", "median test error")]
    [InlineData("best_base_lr", "best η̃")]
    [InlineData("base_lr", "η̃")]
    [InlineData("batch", "B")]
    [InlineData("median_val_error", "median validation error")]
    [InlineData("grad_sq_norm", "gradient squared norm")]
    [InlineData("layer", "layer")]
    public void A_stored_name_reads_as_words(string stored, string shown) => Assert.Equal(shown, ColumnHeader.Of(stored));
}
