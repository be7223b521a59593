using System.Diagnostics;
using LiveWire.Client.Internal;
using LiveWire.Contracts;
using MessagePack;
using MessagePack.Resolvers;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveWire.Client;

/// <summary>
/// The .NET client of LiveWire: one connection to the hub, any number of topic subscriptions, and for each of them
/// every event once, in seq order, across disconnects, reconnects and node changes.
/// </summary>
/// <remarks>
/// <para>
/// What it guarantees, per subscription: the handler sees seqs rising by exactly one (or, after a reset, continuing
/// from the state handed to <see cref="SubscribeOptions.OnReset"/>); it never sees a seq twice; and it is never called
/// while its previous call for that topic is still running. Repeats that the hub sends around a resume are dropped;
/// an event that arrives ahead of a missing one is held until the gap is filled, by the hub or, after
/// <see cref="LiveWireClientOptions.GapFillDelay"/>, from history.
/// </para>
/// <para>
/// Reconnecting: the client runs its own loop around <see cref="HubConnection.StartAsync"/> rather than SignalR's
/// <c>WithAutomaticReconnect</c>. The automatic reconnect does not cover the first connect failing, stops for good when
/// the server closes the connection without allowing a reconnect (a node shutting down may), and ends in
/// <c>Closed</c> when its policy runs out; each of those would need this loop anyway. One loop serves all of them:
/// connect, subscribe every topic again after its last released seq (group membership belongs to the connection),
/// wait for the connection to close, back off, repeat, forever unless a custom policy gives up.
/// </para>
/// </remarks>
public sealed class LiveWireClient : IAsyncDisposable
{
    /// <summary>The hub's path, relative to <see cref="LiveWireClientOptions.BaseAddress"/>.</summary>
    public const string HubPath = "hubs/live";

    private const string EventMethod = "event";
    private const string SubscribeMethod = "Subscribe";
    private const string UnsubscribeMethod = "Unsubscribe";
    private const string AckMethod = "Ack";

    // Bounds one connect attempt (negotiate, transport, handshake) so a server that accepts and never answers does
    // not stall the loop.
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(30);

    // A silent client pings this often: half as often as SignalR's default, well inside the hub's 60-s client timeout
    // (LiveWire:Limits:ClientTimeout). The hub still pings every 15 s, which ServerTimeout's 30 s expects.
    private static readonly TimeSpan s_keepAliveInterval = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, TopicSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly List<Task> _connectionWork = [];
    private readonly HubConnection _connection;
    private readonly HttpClient _http;
    private readonly LiveWireHttpApi _api;
    private readonly Uri _hubUrl;
    private readonly IRetryPolicy _reconnectPolicy;
    private readonly TimeSpan _gapFillDelay;
    private readonly TimeSpan? _ackInterval;
    private readonly TimeSpan? _pollInterval;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _firstConnect = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<Exception?>? _closed;
    private Task? _running;
    private Task? _acking;
    private Exception? _gaveUp;
    private long _connectionNumber;
    private CancellationToken _connectionToken;
    private bool _isConnected;
    private bool _disposed;
    private volatile LiveWireConnectionState _state;

    /// <summary>Creates a client; nothing connects until <see cref="StartAsync"/>.</summary>
    /// <param name="options">Where LiveWire is, and how to reach it.</param>
    /// <param name="loggerFactory">Where the client and SignalR log, or null for nowhere.</param>
    public LiveWireClient(LiveWireClientOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BaseAddress is not { IsAbsoluteUri: true } baseAddress || (baseAddress.Scheme != Uri.UriSchemeHttp && baseAddress.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("BaseAddress must be an absolute http or https address.", nameof(options));
        }

        if (options.GapFillDelay < TimeSpan.Zero || options.GapFillDelay > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.GapFillDelay, "GapFillDelay must be from 0 to 10 minutes.");
        }

        if (options.AckInterval < TimeSpan.FromSeconds(1) || options.AckInterval > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.AckInterval, "AckInterval must be from 1 second to 1 minute.");
        }

        if (options.PollInterval is { } poll && (poll < TimeSpan.FromMilliseconds(100) || poll > TimeSpan.FromMinutes(5)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), poll, "PollInterval must be from 100 ms to 5 minutes, or null.");
        }

        var root = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _hubUrl = new Uri(root, HubPath);
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<LiveWireClient>();
        _reconnectPolicy = options.ReconnectPolicy ?? Backoff.Instance;
        _gapFillDelay = options.GapFillDelay;
        _ackInterval = options.SendAcks ? options.AckInterval : null;
        _pollInterval = options.PollInterval;

        var wrapHandler = options.HttpMessageHandlerFactory;
        var tokenProvider = options.AccessTokenProvider;
        HttpMessageHandler handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _http = new HttpClient(wrapHandler is null ? handler : wrapHandler(handler)) { BaseAddress = root };
        _api = new LiveWireHttpApi(_http, tokenProvider);

        var affinity = options.Affinity;
        var builder = new HubConnectionBuilder().WithUrl(_hubUrl, http =>
        {
            if (!affinity)
            {
                // Without affinity a negotiate and the transport after it may reach different nodes: one WebSocket
                // request instead (LiveWireClientOptions.Affinity).
                http.SkipNegotiation = true;
                http.Transports = HttpTransportType.WebSockets;
            }

            if (tokenProvider is not null)
            {
                http.AccessTokenProvider = async () => await tokenProvider(CancellationToken.None).ConfigureAwait(false);
            }

            if (wrapHandler is not null)
            {
                http.HttpMessageHandlerFactory = wrapHandler;
            }
        });
        builder.Services.AddSingleton(_loggerFactory);
        if (options.Protocol == LiveWireProtocol.MessagePack)
        {
            // The server writes contractless maps keyed by property name (PascalCase), which is what TimelineEvent's
            // properties are called; AllowPrivate lets the client read into its internal Subscribe result.
            builder.AddMessagePackProtocol(messagePack => messagePack.SerializerOptions = MessagePackSerializerOptions.Standard
                .WithResolver(CompositeResolver.Create(DynamicEnumAsStringResolver.Instance, ContractlessStandardResolverAllowPrivate.Instance))
                .WithSecurity(MessagePackSecurity.UntrustedData));
        }
        else
        {
            builder.AddJsonProtocol(json => json.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, ClientJsonContext.Default));
        }

        _connection = builder.WithKeepAliveInterval(s_keepAliveInterval).Build();
        _connection.On<TimelineEvent>(EventMethod, OnEvent);
        _connection.Closed += OnClosed;
    }

    /// <summary>
    /// Raised on every change of <see cref="State"/>, in order, on the client's connection loop: keep handlers short
    /// (the loop waits for them), and do not block them on the client. An exception a handler throws is logged.
    /// </summary>
    public event Action<LiveWireConnectionState>? StateChanged;

    /// <summary>Where the connection stands now.</summary>
    public LiveWireConnectionState State => _state;

    /// <summary>
    /// Starts connecting, and completes once connected, or once polling works while no connection gets through
    /// (<see cref="LiveWireConnectionState.Polling"/>). A failed attempt is retried with backoff, forever unless
    /// <see cref="LiveWireClientOptions.ReconnectPolicy"/> gives up (then this throws its last error). Cancelling
    /// <paramref name="cancellationToken"/> only stops the waiting: the client goes on connecting in the background
    /// until it is disposed. Calling it again waits for the same connection.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_gaveUp is not null)
            {
                return Task.FromException(new InvalidOperationException("The client stopped: its reconnect policy gave up.", _gaveUp));
            }

            _running ??= RunAsync(_stopping.Token);
            if (_ackInterval is { } interval)
            {
                _acking ??= AckAsync(interval, _stopping.Token);
            }
        }

        return _firstConnect.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Subscribes to <paramref name="topic"/> and completes once the hub has accepted it (waiting for the connection
    /// when the client is connecting or reconnecting). From then on <paramref name="handler"/> gets each event of the
    /// topic once, in seq order, one call at a time, until the subscription is disposed; after a reconnect the client
    /// resumes the topic from the last seq it released. A handler that throws is logged, and the event counts as
    /// applied. Handlers of different topics may run at the same time.
    /// </summary>
    /// <param name="topic">The topic: 1 to 64 characters of <c>a-z 0-9 -</c>, not starting or ending with <c>-</c>.</param>
    /// <param name="handler">Applies one event. Its token is cancelled when the subscription or the client is disposed.</param>
    /// <param name="options">Where to start, and what to do on a reset; null: live events only, no reset callback.</param>
    /// <param name="cancellationToken">Stops waiting for the hub's answer (and drops the subscription).</param>
    /// <exception cref="LiveWireSubscribeException">The hub refused the topic (e.g. <c>forbidden</c>).</exception>
    /// <exception cref="InvalidOperationException">The client was not started, or the topic is already subscribed on it.</exception>
    public async Task<LiveWireSubscription> SubscribeAsync(
        string topic,
        Func<TimelineEvent, CancellationToken, ValueTask> handler,
        SubscribeOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (!TopicNames.IsValid(topic))
        {
            throw new ArgumentException("A topic is 1 to 64 characters of a-z, 0-9 and '-', not starting or ending with '-'.", nameof(topic));
        }

        ArgumentNullException.ThrowIfNull(handler);
        options ??= new SubscribeOptions();
        if (options.AfterSeq < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.AfterSeq, "AfterSeq must be 0 or more, or null for live events only.");
        }

        TopicSubscription subscription;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_running is null)
            {
                throw new InvalidOperationException("Call StartAsync before SubscribeAsync.");
            }

            if (_gaveUp is not null)
            {
                throw new InvalidOperationException("The client stopped: its reconnect policy gave up.", _gaveUp);
            }

            if (_subscriptions.ContainsKey(topic))
            {
                throw new InvalidOperationException($"'{topic}' is already subscribed on this client; dispose that subscription first.");
            }

            subscription = new TopicSubscription(topic, handler, options, _api, _gapFillDelay, _loggerFactory.CreateLogger<TopicSubscription>());
            _subscriptions.Add(topic, subscription);
            if (_isConnected)
            {
                _connectionWork.RemoveAll(work => work.IsCompleted);
                _connectionWork.Add(SubscribeOnConnectionAsync(subscription, _connectionNumber, _connectionToken));
            }
        }

        try
        {
            await subscription.Accepted.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await RemoveAsync(subscription).ConfigureAwait(false);
            throw;
        }

        return new LiveWireSubscription(this, subscription);
    }

    /// <summary>Stops every subscription (waiting for running handlers to return) and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        TopicSubscription[] subscriptions;
        Task? running;
        Task? acking;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            subscriptions = [.. _subscriptions.Values];
            _subscriptions.Clear();
            running = _running;
            acking = _acking;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (acking is not null)
        {
            await acking.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        foreach (var subscription in subscriptions)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
        if (running is not null)
        {
            await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _firstConnect.TrySetException(new ObjectDisposedException(nameof(LiveWireClient)));
        _http.Dispose();
        _stopping.Dispose();
        SetState(LiveWireConnectionState.Disconnected);
    }

    /// <summary>Disposes <paramref name="subscription"/>, then unsubscribes on the hub; the topic is free again after.</summary>
    internal async ValueTask RemoveAsync(TopicSubscription subscription)
    {
        await subscription.DisposeAsync().ConfigureAwait(false);

        bool connected;
        lock (_lock)
        {
            connected = _isConnected && !_disposed;
        }

        if (connected)
        {
            try
            {
                await _connection.InvokeAsync(UnsubscribeMethod, subscription.Topic, _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                ConnectionLog.UnsubscribeFailed(_logger, exception, subscription.Topic);
            }
        }

        // Only now: a new subscription to the topic must not be joined on the hub before this one's Unsubscribe.
        lock (_lock)
        {
            if (_subscriptions.TryGetValue(subscription.Topic, out var current) && current == subscription)
            {
                _subscriptions.Remove(subscription.Topic);
            }
        }
    }

    private void OnEvent(TimelineEvent liveEvent)
    {
        TopicSubscription? subscription;
        lock (_lock)
        {
            _subscriptions.TryGetValue(liveEvent.Topic, out subscription);
        }

        subscription?.OnEvent(liveEvent);
    }

    // Once per interval, one Ack per topic that applied events since the last one, carrying its highest applied seq.
    // Nothing is sent while disconnected: the acks wait, and a later one covers an earlier one.
    private async Task AckAsync(TimeSpan interval, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                TopicSubscription[] subscriptions;
                lock (_lock)
                {
                    if (!_isConnected)
                    {
                        continue;
                    }

                    subscriptions = [.. _subscriptions.Values];
                }

                foreach (var subscription in subscriptions)
                {
                    if (subscription.TakePendingAck() is not { } ack)
                    {
                        continue;
                    }

                    var heldMs = (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(ack.ReleasedAt).TotalMilliseconds);
                    try
                    {
                        await _connection.SendAsync(AckMethod, subscription.Topic, ack.Seq, heldMs, stopping).ConfigureAwait(false);
                    }
                    catch (Exception exception) when (!stopping.IsCancellationRequested)
                    {
                        subscription.ReturnPendingAck(ack);
                        ConnectionLog.AckFailed(_logger, exception, subscription.Topic, ack.Seq);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private Task OnClosed(Exception? exception)
    {
        Volatile.Read(ref _closed)?.TrySetResult(exception);
        return Task.CompletedTask;
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        // Leave StartAsync (and its lock) before the first state change runs the application's handlers.
        await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        var attempts = 0L;
        var everConnected = false;
        var since = Stopwatch.GetTimestamp();
        var away = new Away(_pollInterval);
        try
        {
            while (true)
            {
                SetState(WaitingState(away.Polling, everConnected));
                var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _closed, closed);
                ConnectionLog.Connecting(_logger, _hubUrl);
                var error = await PollWhileAsync(ConnectAsync(stopping), connecting: true, away, everConnected, stopping).ConfigureAwait(false);
                var connectFailed = error is not null;
                if (error is null)
                {
                    everConnected = true;
                    attempts = 0;
                    away = new Away(_pollInterval);
                    error = await RunConnectionAsync(closed.Task, stopping).ConfigureAwait(false);
                    ConnectionLog.ConnectionLost(_logger, error, _hubUrl);
                    since = Stopwatch.GetTimestamp();
                    SetState(LiveWireConnectionState.Reconnecting);
                }

                // From here until the next connection, the topics are read from history (PollInterval).
                away.Begin();
                var delay = NextDelay(attempts, since, error);
                attempts++;
                if (delay is not { } wait)
                {
                    GiveUp(error, attempts);
                    return;
                }

                if (connectFailed)
                {
                    ConnectionLog.ConnectFailed(_logger, error!, _hubUrl, attempts, wait);
                }

                await PollWhileAsync(DelayAsync(wait, stopping), connecting: false, away, everConnected, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    // One connect attempt; null when connected, else why not.
    private async Task<Exception?> ConnectAsync(CancellationToken stopping)
    {
        try
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            attempt.CancelAfter(s_connectTimeout);
            await _connection.StartAsync(attempt.Token).ConfigureAwait(false);
            return null;
        }
        catch (Exception exception) when (!stopping.IsCancellationRequested)
        {
            return exception;
        }
    }

    private static async Task<Exception?> DelayAsync(TimeSpan delay, CancellationToken stopping)
    {
        await Task.Delay(delay, stopping).ConfigureAwait(false);
        return null;
    }

    // Waits for what the loop is doing (a connect attempt, or the backoff after one); while the hub is away, polls
    // every topic meanwhile, every PollInterval from when it went away (a round runs to its end unless a connect
    // attempt succeeds during it). Only this loop sets the state.
    private async Task<Exception?> PollWhileAsync(
        Task<Exception?> work, bool connecting, Away away, bool everConnected, CancellationToken stopping)
    {
        while (!work.IsCompleted && away.Interval is { } interval && away.Started)
        {
            var due = TimeSpan.FromMilliseconds(away.NextPollAt - Environment.TickCount64);
            if (due > TimeSpan.Zero)
            {
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                var timer = Task.Delay(due, wake.Token);
                await Task.WhenAny(work, timer).ConfigureAwait(false);
                await wake.CancelAsync().ConfigureAwait(false);
                stopping.ThrowIfCancellationRequested();
                continue;
            }

            // A round that a connection overtakes is dropped: the hub's resubscribe carries on from where it got.
            using var round = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var poll = PollOnceAsync(round.Token);
            await Task.WhenAny(work, poll).ConfigureAwait(false);
            if (!poll.IsCompleted && connecting && work is { IsCompletedSuccessfully: true, Result: null })
            {
                await round.CancelAsync().ConfigureAwait(false);
                await ((Task)poll).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                break;
            }

            stopping.ThrowIfCancellationRequested();
            var polled = await poll.ConfigureAwait(false);
            away.NextPollAt = Environment.TickCount64 + (long)interval.TotalMilliseconds;
            away.Polling = polled;

            // A connection that came up during the round sets its own state. Otherwise the state says what the round
            // found before StartAsync may return on it, even when the attempt or the backoff ended meanwhile.
            if (connecting && work is { IsCompletedSuccessfully: true, Result: null })
            {
                break;
            }

            SetState(WaitingState(polled, everConnected));
            if (polled)
            {
                _firstConnect.TrySetResult();
            }
        }

        return await work.ConfigureAwait(false);
    }

    // One round of polling: every subscribed topic read from history (or, with none, the reader API asked whether it
    // answers). True when every read succeeded.
    private async Task<bool> PollOnceAsync(CancellationToken cancellationToken)
    {
        TopicSubscription[] subscriptions;
        lock (_lock)
        {
            subscriptions = [.. _subscriptions.Values];
        }

        using var round = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        round.CancelAfter(s_connectTimeout);
        if (subscriptions.Length == 0)
        {
            try
            {
                await _api.ProbeAsync(round.Token).ConfigureAwait(false);
                return true;
            }
            catch (Exception exception)
            {
                ConnectionLog.PollFailed(_logger, exception, null);
                return false;
            }
        }

        var results = await Task.WhenAll(subscriptions.Select(subscription => PollTopicAsync(subscription, round.Token))).ConfigureAwait(false);
        return results.All(polled => polled);
    }

    private async Task<bool> PollTopicAsync(TopicSubscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            await subscription.PollAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (subscription.IsDisposed)
        {
            return true;
        }
        catch (LiveWireSubscribeException exception) when (HubErrors.IsPermanent(exception))
        {
            if (subscription.Accepted.IsCompleted)
            {
                // Accepted before (the token may have changed since): keep it, as a refused resubscribe does.
                ConnectionLog.PollFailed(_logger, exception, subscription.Topic);
                return false;
            }

            subscription.Reject(exception);
            await RemoveAsync(subscription).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception)
        {
            ConnectionLog.PollFailed(_logger, exception, subscription.Topic);
            return false;
        }
    }

    // One connection's life: subscribe every topic on it, then wait for it to close. Returns why it closed.
    private async Task<Exception?> RunConnectionAsync(Task<Exception?> closed, CancellationToken stopping)
    {
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        int count;
        lock (_lock)
        {
            _connectionNumber++;
            _connectionToken = connection.Token;
            _isConnected = true;
            _connectionWork.Clear();
            foreach (var subscription in _subscriptions.Values)
            {
                _connectionWork.Add(SubscribeOnConnectionAsync(subscription, _connectionNumber, connection.Token));
            }

            count = _connectionWork.Count;
        }

        ConnectionLog.Connected(_logger, _hubUrl, _connection.ConnectionId, count);
        SetState(LiveWireConnectionState.Connected);
        _firstConnect.TrySetResult();
        try
        {
            return await closed.WaitAsync(stopping).ConfigureAwait(false);
        }
        finally
        {
            Task[] work;
            lock (_lock)
            {
                _isConnected = false;
                _connectionToken = CancellationToken.None;
                work = [.. _connectionWork];
                _connectionWork.Clear();
            }

            await connection.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(work).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task SubscribeOnConnectionAsync(TopicSubscription subscription, long connection, CancellationToken cancellationToken)
    {
        // Always yields: this starts under _lock.
        await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        for (var attempt = 0L; ; attempt++)
        {
            try
            {
                await subscription.SubscribeAsync(InvokeSubscribeAsync, connection, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || subscription.IsDisposed)
            {
                return;
            }
            catch (LiveWireSubscribeException exception) when (HubErrors.IsPermanent(exception))
            {
                if (subscription.Accepted.IsCompleted)
                {
                    // It was accepted before (the token may have changed since): keep it, and try on the next connection.
                    ConnectionLog.SubscribeRefused(_logger, exception, subscription.Topic, exception.Code);
                    return;
                }

                subscription.Reject(exception);
                await RemoveAsync(subscription).ConfigureAwait(false);
                return;
            }
            catch (Exception exception)
            {
                if (_connection.State != HubConnectionState.Connected)
                {
                    ConnectionLog.SubscribeInterrupted(_logger, exception, subscription.Topic);
                    return;
                }

                var delay = Backoff.Delay(attempt);
                ConnectionLog.SubscribeRetrying(_logger, exception, subscription.Topic, delay);
                try
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<SubscribeResult> InvokeSubscribeAsync(string topic, long? afterSeq, CancellationToken cancellationToken)
    {
        try
        {
            return await _connection.InvokeAsync<SubscribeResult>(SubscribeMethod, topic, afterSeq, cancellationToken).ConfigureAwait(false);
        }
        catch (HubException exception)
        {
            throw HubErrors.ToSubscribeException(topic, exception);
        }
    }

    private TimeSpan? NextDelay(long attempts, long since, Exception? reason)
    {
        try
        {
            return _reconnectPolicy.NextRetryDelay(new RetryContext
            {
                PreviousRetryCount = attempts,
                ElapsedTime = Stopwatch.GetElapsedTime(since),
                RetryReason = reason,
            });
        }
        catch (Exception exception)
        {
            // A policy that throws has given up, as SignalR's own reconnect treats it.
            ConnectionLog.GaveUp(_logger, exception, attempts);
            return null;
        }
    }

    private void GiveUp(Exception? error, long attempts)
    {
        ConnectionLog.GaveUp(_logger, error, attempts);
        var reason = error ?? new InvalidOperationException("The reconnect policy gave up.");
        TopicSubscription[] pending;
        lock (_lock)
        {
            _gaveUp = reason;
            pending = [.. _subscriptions.Values];
        }

        foreach (var subscription in pending)
        {
            subscription.Reject(new InvalidOperationException("The client stopped: its reconnect policy gave up.", reason));
        }

        _firstConnect.TrySetException(reason);
        SetState(LiveWireConnectionState.Disconnected);
    }

    private void SetState(LiveWireConnectionState state)
    {
        if (_state == state)
        {
            return;
        }

        _state = state;
        if (StateChanged is not { } handlers)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action<LiveWireConnectionState>>())
        {
            try
            {
                handler(state);
            }
            catch (Exception exception)
            {
                ConnectionLog.StateHandlerFailed(_logger, exception, state);
            }
        }
    }

    // The state while not connected: polling when the last round of polls worked.
    private static LiveWireConnectionState WaitingState(bool polling, bool everConnected) =>
        polling ? LiveWireConnectionState.Polling
        : everConnected ? LiveWireConnectionState.Reconnecting : LiveWireConnectionState.Connecting;

    // The loop's own record of a time without a hub connection: whether it began, when the next poll is due
    // (Environment.TickCount64), and whether the last round of polls worked.
    private sealed class Away(TimeSpan? interval)
    {
        public TimeSpan? Interval { get; } = interval;

        public bool Started { get; private set; }

        public long NextPollAt { get; set; }

        public bool Polling { get; set; }

        // The first poll is one interval after the hub went away, as the widget's: a quick reconnect never polls.
        public void Begin()
        {
            if (!Started && Interval is { } interval)
            {
                Started = true;
                NextPollAt = Environment.TickCount64 + (long)interval.TotalMilliseconds;
            }
        }
    }
}
