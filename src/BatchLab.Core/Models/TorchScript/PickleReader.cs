using System.Buffers.Binary;
using System.Text;

namespace BatchLab.Models.TorchScript;

/// <summary>A global a pickle names (module and name), e.g. torch._utils._rebuild_tensor_v2.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>A call the pickle asks for (REDUCE or NEWOBJ): never executed here, only recorded.</summary>
internal sealed record PickleCall(object? Callable, IReadOnlyList<object?> Arguments);

/// <summary>A persistent id (BINPERSID): TorchScript's reference to a tensor storage record.</summary>
internal sealed record PicklePersistent(object? Id);

/// <summary>
/// Reads the pickles inside a TorchScript archive (data.pkl, constants.pkl) without running any of
/// them: the opcodes of protocol 2 that torch writes build plain values, globals and calls are
/// recorded as data, and every call is handed to <c>onCall</c> to be judged. An opcode outside that
/// set ends the read with a <see cref="BatchLabException"/>. Iterative (no recursion), so a
/// hostile nesting depth costs memory in proportion to the file, never the stack.
/// </summary>
internal static class PickleReader
{
    static readonly object Mark = new();

    public static void Read(ReadOnlySpan<byte> data, Action<PickleCall> onCall)
    {
        var stack = new List<object?>();
        var memo = new Dictionary<long, object?>();
        var at = 0;
        while (true)
        {
            if (at >= data.Length)
            {
                throw new BatchLabException("its pickle ends without a STOP opcode (truncated)");
            }

            var op = data[at++];
            switch (op)
            {
                case 0x80: at += 1; break; // PROTO
                case 0x95: at += 8; break; // FRAME
                case (byte)'.': return; // STOP
                case (byte)'(': stack.Add(Mark); break;
                case (byte)')': stack.Add(new List<object?>()); break;
                case (byte)']': stack.Add(new List<object?>()); break;
                case (byte)'}': stack.Add(new Dictionary<object, object?>()); break;
                case (byte)'N': stack.Add(null); break;
                case 0x88: stack.Add(true); break;
                case 0x89: stack.Add(false); break;
                case (byte)'K': stack.Add((long)Take(data, ref at, 1)[0]); break;
                case (byte)'M': stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(data, ref at, 2))); break;
                case (byte)'J': stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(Take(data, ref at, 4))); break;
                case 0x8a: stack.Add(Long(Take(data, ref at, Take(data, ref at, 1)[0]))); break; // LONG1
                case (byte)'G': stack.Add(BinaryPrimitives.ReadDoubleBigEndian(Take(data, ref at, 8))); break;
                case (byte)'X': stack.Add(Text(Take(data, ref at, Length4(data, ref at)))); break; // BINUNICODE
                case 0x8c: stack.Add(Text(Take(data, ref at, Take(data, ref at, 1)[0]))); break; // SHORT_BINUNICODE
                case (byte)'T': stack.Add(Text(Take(data, ref at, Length4(data, ref at)))); break; // BINSTRING
                case (byte)'U': stack.Add(Text(Take(data, ref at, Take(data, ref at, 1)[0]))); break; // SHORT_BINSTRING
                case (byte)'B': stack.Add(Take(data, ref at, Length4(data, ref at)).ToArray()); break; // BINBYTES
                case (byte)'C': stack.Add(Take(data, ref at, Take(data, ref at, 1)[0]).ToArray()); break; // SHORT_BINBYTES
                case (byte)'c':
                    var module = Line(data, ref at);
                    stack.Add(new PickleGlobal(module, Line(data, ref at)));
                    break;
                case 0x93: // STACK_GLOBAL
                    var name = Pop(stack) as string;
                    stack.Add(new PickleGlobal(Pop(stack) as string ?? "?", name ?? "?"));
                    break;
                case (byte)'q': memo[Take(data, ref at, 1)[0]] = Top(stack); break; // BINPUT
                case (byte)'r': memo[Length4(data, ref at)] = Top(stack); break; // LONG_BINPUT
                case 0x94: memo[memo.Count] = Top(stack); break; // MEMOIZE
                case (byte)'h': stack.Add(Get(memo, Take(data, ref at, 1)[0])); break; // BINGET
                case (byte)'j': stack.Add(Get(memo, Length4(data, ref at))); break; // LONG_BINGET
                case (byte)'t': stack.Add(PopToMark(stack)); break; // TUPLE
                case 0x85: stack.Add(new List<object?> { Pop(stack) }); break; // TUPLE1
                case 0x86:
                    {
                        var b = Pop(stack);
                        stack.Add(new List<object?> { Pop(stack), b });
                        break;
                    }

                case 0x87:
                    {
                        var c = Pop(stack);
                        var b = Pop(stack);
                        stack.Add(new List<object?> { Pop(stack), b, c });
                        break;
                    }

                case (byte)'a': // APPEND
                    {
                        var item = Pop(stack);
                        (Top(stack) as List<object?>)?.Add(item);
                        break;
                    }

                case (byte)'e': // APPENDS
                    {
                        var items = PopToMark(stack);
                        (Top(stack) as List<object?>)?.AddRange(items);
                        break;
                    }

                case (byte)'s': // SETITEM
                    {
                        var value = Pop(stack);
                        var key = Pop(stack);
                        SetItem(Top(stack), key, value);
                        break;
                    }

                case (byte)'u': // SETITEMS
                    {
                        var items = PopToMark(stack);
                        for (var i = 0; i + 1 < items.Count; i += 2)
                        {
                            SetItem(Top(stack), items[i], items[i + 1]);
                        }

                        break;
                    }

                case (byte)'R': // REDUCE
                case 0x81: // NEWOBJ
                    {
                        var arguments = Pop(stack) as List<object?> ?? [];
                        var call = new PickleCall(Pop(stack), arguments);
                        onCall(call);
                        stack.Add(call);
                        break;
                    }

                case (byte)'b': Pop(stack); break; // BUILD: the state goes, the object stays
                case (byte)'Q': stack.Add(new PicklePersistent(Pop(stack))); break; // BINPERSID
                default:
                    throw new BatchLabException($"its pickle uses opcode 0x{op:x2} at byte {at - 1}, which torch does not write");
            }
        }
    }

    static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> data, ref int at, int count)
    {
        if (count < 0 || at + count > data.Length)
        {
            throw new BatchLabException("its pickle is truncated");
        }

        var slice = data.Slice(at, count);
        at += count;
        return slice;
    }

    static int Length4(ReadOnlySpan<byte> data, ref int at) => BinaryPrimitives.ReadInt32LittleEndian(Take(data, ref at, 4));

    static long Long(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 8)
        {
            throw new BatchLabException($"its pickle holds a {bytes.Length}-byte integer");
        }

        long value = 0;
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }

        // Sign-extend from the top byte written.
        return bytes.Length is > 0 and < 8 && (bytes[^1] & 0x80) != 0 ? value - (1L << (8 * bytes.Length)) : value;
    }

    static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    static string Line(ReadOnlySpan<byte> data, ref int at)
    {
        var end = data[at..].IndexOf((byte)'\n');
        if (end < 0 || end > 1000)
        {
            throw new BatchLabException("its pickle names a global without an end of line");
        }

        var text = Encoding.UTF8.GetString(data.Slice(at, end));
        at += end + 1;
        return text;
    }

    static object? Pop(List<object?> stack)
    {
        if (stack.Count == 0 || stack[^1] == Mark)
        {
            throw new BatchLabException("its pickle pops an empty stack");
        }

        var top = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return top;
    }

    static object? Top(List<object?> stack) =>
        stack.Count > 0 ? stack[^1] : throw new BatchLabException("its pickle reads an empty stack");

    static List<object?> PopToMark(List<object?> stack)
    {
        var mark = stack.LastIndexOf(Mark);
        if (mark < 0)
        {
            throw new BatchLabException("its pickle closes a tuple it never opened");
        }

        var items = stack.GetRange(mark + 1, stack.Count - mark - 1);
        stack.RemoveRange(mark, stack.Count - mark);
        return items;
    }

    static object? Get(Dictionary<long, object?> memo, long key) =>
        memo.TryGetValue(key, out var value) ? value : throw new BatchLabException($"its pickle reads memo {key}, never written");

    static void SetItem(object? target, object? key, object? value)
    {
        if (target is Dictionary<object, object?> dictionary && key is not null)
        {
            dictionary[key] = value;
        }
    }
}
