using BatchLab.Reporting;
using BatchLab.Samples.PlotGallery;

// Writes one figure of each kind (and its table) to a folder, to look at after changing the drawing:
//   dotnet run --project samples/PlotGallery -- /tmp/plot-gallery
var directory = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "batchlab-plot-gallery");
foreach (var path in ArtifactWriter.Write(new GalleryArtifacts(), directory))
{
    Console.WriteLine(path);
}
