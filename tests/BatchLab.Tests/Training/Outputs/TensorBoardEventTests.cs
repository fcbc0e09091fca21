using System.Buffers.Binary;
using BatchLab.Training.Outputs.TensorBoard;
using Google.Protobuf;
using Tensorboard;

namespace BatchLab.Tests.Training.Outputs;

/// <summary>
/// TensorBoard event files as TensorBoard reads them: TFRecord frames with valid masked CRC-32C,
/// wall time in Unix seconds, tags with their full names, and HParams session summaries whose
/// bytes decode to the values written.
/// </summary>
public sealed class TensorBoardEventTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("batchlab-tb-").FullName;

    [Fact]
    public void Crc32C_matches_the_standard_check_value() =>
        Assert.Equal(0xE3069283u, Crc(System.Text.Encoding.ASCII.GetBytes("123456789")));

    [Fact]
    public void Scalars_carry_unix_seconds_and_full_tag_names_in_valid_frames()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 250, TimeSpan.Zero);
        using (var file = new EventFile(folder))
        {
            file.Scalar(TensorBoardTags.Of("grad_sq_norm"), 0.5, 7, EventFile.UnixSeconds(at));
            file.Scalar(TensorBoardTags.Of("train_batch_loss"), 0.25, 8, EventFile.UnixSeconds(at));
        }

        var events = Read(Directory.GetFiles(folder).Single());

        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.InRange(events[0].WallTime, 1.7e9, 4e9); // seconds since 1970, not .NET ticks (6.4×10¹⁷)
        Assert.Equal(at.ToUnixTimeMilliseconds() / 1000.0, events[1].WallTime, 3);
        Assert.Equal(["noise/grad_sq_norm", "train/batch_loss_mean"], events.Skip(1).Select(e => e.Summary.Value[0].Tag));
        Assert.Equal(7, events[1].Step);
    }

    [Theory]
    [InlineData("val_error", "val/error")]
    [InlineData("train_loss", "train/loss")]
    [InlineData("loss", "train/batch_loss")]
    [InlineData("train_batch_loss", "train/batch_loss_mean")]
    [InlineData("trace_cov", "noise/trace_cov")]
    [InlineData("some_new_metric", "some_new_metric")]
    public void Tags_never_split_a_name_at_an_arbitrary_underscore(string metric, string tag) =>
        Assert.Equal(tag, TensorBoardTags.Of(metric));

    [Fact]
    public void HParams_sessions_decode_to_the_values_and_status_written()
    {
        using (var file = new EventFile(folder))
        {
            HParams.WriteStart(file, new Dictionary<string, object> { ["batch"] = 32.0, ["optimizer"] = "sgd" }, 1.8e9);
            HParams.WriteEnd(file, HParams.Status.Success, 1.8e9 + 60);
        }

        var events = Read(Directory.GetFiles(folder).Single());
        var start = events[1].Summary.Value[0];
        var end = events[2].Summary.Value[0];

        Assert.Equal(("_hparams_/session_start_info", "hparams"), (start.Tag, start.Metadata.PluginData.PluginName));
        Assert.Equal("_hparams_/session_end_info", end.Tag);
        var startInfo = Field(start.Metadata.PluginData.Content, 3);
        var hparams = Fields(startInfo).Where(f => f.Number == 1).Select(f => Fields(f.Bytes!)).ToDictionary(
            e => e.Single(f => f.Number == 1).Bytes!.ToStringUtf8(),
            e => Google.Protobuf.WellKnownTypes.Value.Parser.ParseFrom(e.Single(f => f.Number == 2).Bytes));
        Assert.Equal(32.0, hparams["batch"].NumberValue);
        Assert.Equal("sgd", hparams["optimizer"].StringValue);
        var endInfo = Fields(Field(end.Metadata.PluginData.Content, 4));
        Assert.Equal(1UL, endInfo.Single(f => f.Number == 1).Varint);
    }

    static uint Crc(byte[] data) => Crc32C.Of(data);

    /// <summary>Every frame of a TFRecord file, each CRC checked.</summary>
    static List<Event> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var events = new List<Event>();
        for (var at = 0; at < bytes.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at, 8));
            Assert.Equal(Masked(bytes[at..(at + 8)]), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8, 4)));
            var data = bytes[(at + 12)..(at + 12 + length)];
            Assert.Equal(Masked(data), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + length, 4)));
            events.Add(Event.Parser.ParseFrom(data));
            at += 12 + length + 4;
        }

        return events;
    }

    static uint Masked(byte[] data)
    {
        var crc = Crc(data);
        return ((crc >> 15) | (crc << 17)) + 0xA282EAD8u;
    }

    static ByteString Field(ByteString message, int number) => Fields(message).Single(f => f.Number == number).Bytes!;

    static List<(int Number, ByteString? Bytes, ulong Varint)> Fields(ByteString message)
    {
        var input = new CodedInputStream(message.ToByteArray());
        var fields = new List<(int, ByteString?, ulong)>();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.LengthDelimited:
                    fields.Add((number, input.ReadBytes(), 0));
                    break;
                case WireFormat.WireType.Varint:
                    fields.Add((number, null, input.ReadUInt64()));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return fields;
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
