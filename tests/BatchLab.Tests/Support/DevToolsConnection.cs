using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchLab.Tests.Support;

/// <summary>
/// The Chrome DevTools Protocol over one WebSocket: commands are JSON messages with an id answered
/// by a message with the same id; everything else is an event. Pages are driven through flattened
/// sessions (a sessionId on each message), so one connection serves the browser and its tabs.
/// </summary>
internal sealed class DevToolsConnection : IAsyncDisposable
{
    readonly ClientWebSocket socket = new();
    readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> pending = new();
    readonly ConcurrentQueue<DevToolsEvent> events = new();
    readonly CancellationTokenSource closing = new();
    readonly TimeSpan timeout;
    Task receiving = Task.CompletedTask;
    int lastId;

    DevToolsConnection(TimeSpan timeout) => this.timeout = timeout;

    /// <summary>Every event received so far, in arrival order.</summary>
    public IReadOnlyCollection<DevToolsEvent> Events => events;

    public static async Task<DevToolsConnection> Open(Uri endpoint, TimeSpan timeout)
    {
        var connection = new DevToolsConnection(timeout);
        using var deadline = new CancellationTokenSource(timeout);
        await connection.socket.ConnectAsync(endpoint, deadline.Token);
        connection.receiving = Task.Run(connection.Receive);
        return connection;
    }

    /// <summary>Sends a command and returns its result; a protocol error or no answer within the timeout throws.</summary>
    public async Task<JsonElement> Send(string method, object? parameters = null, string? session = null)
    {
        var id = Interlocked.Increment(ref lastId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = answer;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = JsonSerializer.SerializeToNode(parameters ?? new { }) };
        if (session is not null)
        {
            message["sessionId"] = session;
        }

        using var deadline = new CancellationTokenSource(timeout);
        await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, deadline.Token);
        try
        {
            return await answer.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Chromium did not answer {method} within {timeout.TotalSeconds:0} s");
        }
        finally
        {
            pending.TryRemove(id, out _);
        }
    }

    /// <summary>Waits until an event named <paramref name="method"/> for <paramref name="session"/> has arrived.</summary>
    public async Task WaitForEvent(string method, string session)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!events.Any(e => e.Method == method && e.Session == session))
        {
            if (DateTime.UtcNow > deadline || receiving.IsCompleted)
            {
                throw new TimeoutException($"no {method} from Chromium within {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(20);
        }
    }

    async Task Receive()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!closing.IsCancellationRequested)
            {
                var part = await socket.ReceiveAsync(buffer, closing.Token);
                if (part.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, part.Count);
                if (part.EndOfMessage)
                {
                    Dispatch(JsonDocument.Parse(message.ToArray()).RootElement.Clone());
                    message.SetLength(0);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }

        foreach (var answer in pending.Values)
        {
            answer.TrySetException(new IOException("the connection to Chromium closed before it answered"));
        }
    }

    void Dispatch(JsonElement message)
    {
        var session = message.TryGetProperty("sessionId", out var s) ? s.GetString() : null;
        if (message.TryGetProperty("id", out var id))
        {
            if (pending.TryGetValue(id.GetInt32(), out var answer))
            {
                if (message.TryGetProperty("error", out var error))
                {
                    answer.TrySetException(new InvalidOperationException($"Chromium refused a command: {error}"));
                }
                else
                {
                    answer.TrySetResult(message.GetProperty("result"));
                }
            }
        }
        else if (message.TryGetProperty("method", out var method))
        {
            events.Enqueue(new DevToolsEvent(method.GetString()!, session, message.TryGetProperty("params", out var p) ? p : default));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await closing.CancelAsync();
        await receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        socket.Dispose();
        closing.Dispose();
    }
}

internal sealed record DevToolsEvent(string Method, string? Session, JsonElement Parameters);
