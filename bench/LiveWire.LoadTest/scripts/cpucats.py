#!/usr/bin/env python3
"""The on-CPU samples of a dotnet-trace thread-time trace (converted to Speedscope, as profile.sh does) by what the
thread was doing, so LiveWire, the bare hub and the raw references read side by side:

    bench/LiveWire.LoadTest/scripts/cpucats.py X.speedscope.json

Each sample counts once, in the first category (top to bottom) whose frame is on its stack; oncpu.py lists the
frames themselves."""
import collections, json, sys

CATEGORIES = [
    ("socket send (the syscall and below)", ["SocketPal.TryCompleteSendTo"]),
    ("socket receive", ["SocketPal.TryCompleteReceive"]),
    ("SignalR's per-connection write (write lock, pipe write and flush)", ["HubConnectionContext.WriteCore", "HubConnectionContext.WriteAsync", "WriteSlowAsync"]),
    ("SignalR's transport send loop (pipe read, WebSocket frame)", ["WebSocketsServerTransport+<StartSending>", "WebSocketsServerTransport.StartSending"]),
    ("the raw references' writes", ["RawBroadcaster", "BatchedRawBroadcaster"]),
    ("heartbeats (Kestrel's, SignalR's connection scan)", ["HttpConnectionManager.Scan", "Heartbeat.OnHeartbeat"]),
    ("thread pool: parking and waking workers", ["LowLevelLifoSemaphore", "WorkerThreadStart", "WaitHandle.WaitOneNoCheck"]),
    ("allocating new arrays, GC polls", ["AllocateNewArrayWorker", "PollGC"]),
    ("LiveWire's commit and in-process bus", ["TimelineCommitter.CommitAsync", "MassTransit."]),
]

trace = json.load(open(sys.argv[1]))
frames = [f["name"] for f in trace["shared"]["frames"]]
weights, total = collections.Counter(), 0
for profile in trace["profiles"]:
    stack, last = [], None
    for event in profile["events"]:
        if last is not None and stack and event["at"] > last:
            names = [frames[i] for i in stack]
            if names[-1] == "CPU_TIME":
                weight = event["at"] - last
                total += weight
                joined = "\n".join(names)
                weights[next((name for name, keys in CATEGORIES if any(k in joined for k in keys)), "other")] += weight
        if event["type"] == "O":
            stack.append(event["frame"])
        elif stack:
            stack.pop()
        last = event["at"]
for name, _ in CATEGORIES + [("other", [])]:
    print(f"{weights[name] / total * 100:5.1f}%  {name}")
