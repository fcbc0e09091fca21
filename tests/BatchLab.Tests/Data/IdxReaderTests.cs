using BatchLab.Data.Idx;
using static TorchSharp.torch;

namespace BatchLab.Tests.Data;

public class IdxReaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_ubyte_images_raw_and_gzip(bool gzip)
    {
        using var dir = new TempDirectory();
        var path = dir.File("images");
        var bytes = IdxFiles.Bytes(0x08, [2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
        File.WriteAllBytes(path, gzip ? IdxFiles.Gzip(bytes) : bytes);

        var idx = IdxReader.Read(path);
        using var t = idx.ToTensor();

        Assert.Equal(IdxElementType.UnsignedByte, idx.ElementType);
        Assert.Equal([2, 2, 3], idx.Shape);
        Assert.Equal([2L, 2, 3], t.shape);
        Assert.Equal(ScalarType.Byte, t.dtype);
        Assert.Equal((byte)5, t[0, 1, 2].item<byte>());
        Assert.Equal((byte)255, t[1, 1, 2].item<byte>());
    }

    [Fact]
    public void Multi_byte_types_are_big_endian()
    {
        using var dir = new TempDirectory();
        // int32 258 = 00 00 01 02; float32 1.5 = 3F C0 00 00; int16 -2 = FF FE; float64 -0.5 = BF E0 00..
        File.WriteAllBytes(dir.File("i32"), IdxFiles.Bytes(0x0C, [2], [0, 0, 1, 2, 0xFF, 0xFF, 0xFF, 0xFF]));
        File.WriteAllBytes(dir.File("f32"), IdxFiles.Bytes(0x0D, [1], [0x3F, 0xC0, 0, 0]));
        File.WriteAllBytes(dir.File("i16"), IdxFiles.Bytes(0x0B, [1], [0xFF, 0xFE]));
        File.WriteAllBytes(dir.File("f64"), IdxFiles.Bytes(0x0E, [1], [0xBF, 0xE0, 0, 0, 0, 0, 0, 0]));
        File.WriteAllBytes(dir.File("i8"), IdxFiles.Bytes(0x09, [1], [0xFE]));

        using var i32 = IdxReader.Read(dir.File("i32")).ToTensor();
        using var f32 = IdxReader.Read(dir.File("f32")).ToTensor();
        using var i16 = IdxReader.Read(dir.File("i16")).ToTensor();
        using var f64 = IdxReader.Read(dir.File("f64")).ToTensor();
        using var i8 = IdxReader.Read(dir.File("i8")).ToTensor();

        Assert.Equal([258, -1], i32.data<int>().ToArray());
        Assert.Equal(1.5f, f32.item<float>());
        Assert.Equal((short)-2, i16.item<short>());
        Assert.Equal(-0.5, f64.item<double>());
        Assert.Equal((sbyte)-2, i8.item<sbyte>());
    }

    [Fact]
    public void Truncated_data_names_file_and_both_sizes()
    {
        using var dir = new TempDirectory();
        var path = dir.File("train-images-idx3-ubyte");
        File.WriteAllBytes(path, IdxFiles.Bytes(0x08, [60000, 28, 28], new byte[1000]));

        var e = Assert.Throws<BatchLabException>(() => IdxReader.Read(path));

        Assert.Equal("train-images-idx3-ubyte: truncated: header promises 47,040,000 bytes of data, file has 1,000", e.Message);
        Assert.Equal(BatchLabException.BadInput, e.ExitCode);
    }

    [Fact]
    public void Truncated_gzip_data_is_reported_as_truncated()
    {
        using var dir = new TempDirectory();
        var path = dir.File("labels.gz");
        File.WriteAllBytes(path, IdxFiles.Gzip(IdxFiles.Bytes(0x08, [10], new byte[4])));

        var e = Assert.Throws<BatchLabException>(() => IdxReader.Read(path));

        Assert.Equal("labels.gz: truncated: header promises 10 bytes of data, file has 4", e.Message);
    }

    [Theory]
    [InlineData(false, "labels: 3 trailing bytes after the 2 bytes of data the header promises")]
    [InlineData(true, "labels: 3 trailing bytes after the 2 bytes of data the header promises")]
    public void Trailing_bytes_are_an_error(bool gzip, string message)
    {
        using var dir = new TempDirectory();
        var bytes = IdxFiles.Bytes(0x08, [2], [1, 2, 3, 4, 5]);
        File.WriteAllBytes(dir.File("labels"), gzip ? IdxFiles.Gzip(bytes) : bytes);

        var e = Assert.Throws<BatchLabException>(() => IdxReader.Read(dir.File("labels")));

        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x00, 0x08, 0x01, 0, 0, 0, 1, 7 }, "f: not an IDX file: magic number 0x01000801 does not start with two zero bytes")]
    [InlineData(new byte[] { 0x00, 0x00, 0x0A, 0x01, 0, 0, 0, 1, 7 }, "f: unknown IDX element type 0x0A (expected 0x08 ubyte, 0x09 sbyte, 0x0B int16, 0x0C int32, 0x0D float32 or 0x0E float64)")]
    [InlineData(new byte[] { 0x00, 0x00, 0x08, 0x00 }, "f: IDX header declares 0 dimensions")]
    [InlineData(new byte[] { 0x00, 0x00, 0x08, 0x02, 0, 0, 0, 1, 0, 0, 0, 0 }, "f: dimension 1 has size 0; IDX sizes must be positive")]
    [InlineData(new byte[] { 0x00, 0x00, 0x08, 0x01, 0xFF, 0xFF, 0xFF, 0xFF }, "f: dimension 0 has size -1; IDX sizes must be positive")]
    [InlineData(new byte[] { 0x00, 0x00, 0x08, 0x03, 0, 0, 0, 1 }, "f: truncated: header declares 3 dimensions but the file ends inside their sizes")]
    [InlineData(new byte[] { 0x00, 0x00 }, "f: truncated: 2 bytes, too short for the 4-byte IDX magic number")]
    [InlineData(new byte[] { 0x00, 0x00, 0x08, 0x03, 0, 1, 0, 0, 0, 1, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF }, "f: dimensions 65536 x 65536 describe more data than one array can hold (2,147,483,591 bytes)")]
    public void Malformed_headers_are_named(byte[] bytes, string message)
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("f"), bytes);

        var e = Assert.Throws<BatchLabException>(() => IdxReader.Read(dir.File("f")));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Corrupt_gzip_is_one_line_naming_the_file()
    {
        using var dir = new TempDirectory();
        var gz = IdxFiles.Gzip(IdxFiles.Bytes(0x08, [100], new byte[100]));
        gz[12] ^= 0xFF;
        gz[13] ^= 0xFF;
        File.WriteAllBytes(dir.File("t10k-labels-idx1-ubyte.gz"), gz);

        var e = Assert.Throws<BatchLabException>(() => IdxReader.Read(dir.File("t10k-labels-idx1-ubyte.gz")));

        Assert.StartsWith("t10k-labels-idx1-ubyte.gz: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var e = Assert.Throws<BatchLabException>(() => IdxReader.Read("/nonexistent/train-labels-idx1-ubyte"));

        Assert.Equal("train-labels-idx1-ubyte: no such file: /nonexistent/train-labels-idx1-ubyte", e.Message);
    }
}
