using System.Buffers.Binary;
using Google.Protobuf;
using Tensorboard;

namespace BatchLab.Training.Outputs.TensorBoard;

/// <summary>
/// One TensorBoard event file (events.out.tfevents.*): TFRecord frames of Event protos, the first
/// saying the file version. Written here rather than through TorchSharp's SummaryWriter, which
/// stamps every event with .NET ticks (6.4×10¹⁷) where TensorBoard reads Unix seconds, and has
/// no way to write the HParams plugin's session summaries. Flushed after every event, so a run
/// killed midway leaves a readable file.
/// </summary>
public sealed class EventFile : IDisposable
{
    readonly FileStream stream;

    public EventFile(string directory, TimeProvider? time = null)
    {
        Directory.CreateDirectory(directory);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        Path = System.IO.Path.Combine(directory, $"events.out.tfevents.{now.ToUnixTimeSeconds()}.{Environment.MachineName}.{Environment.ProcessId}");
        stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        Write(new Event { WallTime = UnixSeconds(now), FileVersion = "brain.Event:2" });
    }

    public string Path { get; }

    /// <summary>Seconds since 1970 with their fraction, as TensorBoard's wall_time.</summary>
    public static double UnixSeconds(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).TotalSeconds;

    public void Scalar(string tag, double value, long step, double wallTime) => Write(new Event
    {
        WallTime = wallTime,
        Step = step,
        Summary = new Summary { Value = { new Summary.Types.Value { Tag = tag, SimpleValue = (float)value } } },
    });

    /// <summary>A summary value carrying only plugin data (e.g. HParams), with nothing to plot.</summary>
    public void PluginData(string tag, string plugin, ByteString content, double wallTime) => Write(new Event
    {
        WallTime = wallTime,
        Summary = new Summary
        {
            Value =
            {
                new Summary.Types.Value
                {
                    Tag = tag,
                    Metadata = new SummaryMetadata { PluginData = new SummaryMetadata.Types.PluginData { PluginName = plugin, Content = content } },
                },
            },
        },
    });

    /// <summary>TFRecord framing: length, masked CRC-32C of the length, data, masked CRC-32C of the data.</summary>
    void Write(Event e)
    {
        var data = e.ToByteArray();
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)data.Length);
        Span<byte> crc = stackalloc byte[4];
        stream.Write(length);
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32C.Masked(length));
        stream.Write(crc);
        stream.Write(data);
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32C.Masked(data));
        stream.Write(crc);
        stream.Flush();
    }

    public void Dispose() => stream.Dispose();
}
