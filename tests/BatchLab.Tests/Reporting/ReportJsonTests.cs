using System.Text.Json;
using BatchLab.Reporting;
using BatchLab.Reporting.Document;

namespace BatchLab.Tests.Reporting;

public class ReportJsonTests
{
    [Fact]
    public void A_document_reads_back_into_the_same_document()
    {
        var document = ReportFixture.NineSections();
        var json = ReportJson.Serialize(document);

        var back = ReportJson.Deserialize(json);

        Assert.Equal(json, ReportJson.Serialize(back));
        Assert.Equal(document.Sections.Select(s => s.Finding), back.Sections.Select(s => s.Finding));
        Assert.Equal(document.Metadata, back.Metadata);
        var heatmap = back.Plots.Single(p => p.Heatmap is not null).Heatmap!;
        Assert.Equal(document.Plots.Single(p => p.Heatmap is not null).Heatmap!.Flagged, heatmap.Flagged);
        Assert.True(double.IsNaN(heatmap.Values[10][8]));
        // The formatted text survives, diverged cells and integer-valued doubles included.
        var (table, original) = (back.Sections[0].Tables[0], document.Sections[0].Tables[0]);
        Assert.Equal(Texts(original), Texts(table));
        Assert.Equal(new KeyFigure("B_crit", "310 samples", 310.4), back.Sections[1].KeyFigures[0]);
    }

    [Fact]
    public void The_json_is_snake_case_with_named_non_finite_numbers_and_column_names_kept()
    {
        using var json = JsonDocument.Parse(ReportJson.Serialize(ReportFixture.NineSections()));
        var generalization = json.RootElement.GetProperty("sections")[0];

        Assert.Equal("Which batch size for mlp:256 on MNIST?", json.RootElement.GetProperty("title").GetString());
        Assert.Equal(874.2, json.RootElement.GetProperty("metadata").GetProperty("wall_seconds").GetDouble());
        var table = generalization.GetProperty("tables")[0];
        Assert.Equal("percent", table.GetProperty("formats").GetProperty("test_error").GetProperty("style").GetString());
        var rows = table.GetProperty("data").GetProperty("rows");
        Assert.Equal("NaN", rows[rows.GetArrayLength() - 1][2].GetString());
        var flagged = generalization.GetProperty("figures")[1].GetProperty("plot").GetProperty("heatmap").GetProperty("flagged")[0];
        Assert.Equal([4, 8], flagged.EnumerateArray().Select(i => i.GetInt32()));
        Assert.Equal("log2", generalization.GetProperty("figures")[0].GetProperty("plot").GetProperty("x").GetProperty("scale").GetString());
    }

    static List<string> Texts(ReportTable table) =>
        [.. table.Data.Rows.SelectMany(row => row.Select((cell, c) => table.Text(c, cell)))];
}
