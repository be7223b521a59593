#!/usr/bin/env python3
"""Where a process spent its CPU, from a dotnet-trace thread-time trace converted to Speedscope
(`dotnet-trace convert --format Speedscope X.nettrace`):

    bench/LiveWire.LoadTest/scripts/oncpu.py X.speedscope.json [top-exclusive] [top-inclusive]

dotnet-trace's own `report topN` counts every sampled thread, waiting or not; this keeps only the samples whose
leaf is the runtime's CPU_TIME marker (the thread was running managed code), then lists the frames that were
running (exclusive) and the frames on the stack (inclusive), as shares of the on-CPU samples."""
import json, sys, collections
d = json.load(open(sys.argv[1]))
frames = [f["name"] for f in d["shared"]["frames"]]
incl = collections.Counter(); excl = collections.Counter(); oncpu = 0; total = 0
for p in d["profiles"]:
    stack = []; last = None
    for ev in p["events"]:
        if last is not None and stack and ev["at"] > last:
            w = ev["at"] - last; total += w
            names = [frames[i] for i in stack]
            if names[-1] == "CPU_TIME":
                oncpu += w
                excl[names[-2] if len(names) > 1 else "?"] += w
                for n in set(names[:-1]): incl[n] += w
        if ev["type"] == "O": stack.append(ev["frame"])
        elif stack: stack.pop()
        last = ev["at"]
def short(n):
    n = n.split("!", 1)[-1]
    return n[:150]
print(f"on-CPU: {oncpu/total*100:.1f}% of sampled thread time")
print("exclusive (on-CPU samples):")
for n, w in excl.most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 25): print(f"  {w/oncpu*100:5.1f}%  {short(n)}")
skip = ("Process64", "StartCallback", "WorkerThreadStart", "ThreadPoolWorkQueue.Dispatch", "ExecutionContext.Run", "IThreadPoolWorkItem.Execute", "Thread (", "AsyncStateMachineBox", "?!?", "ExecuteFromThreadPool", "RunOrScheduleAction", "MoveNext()")
print("inclusive (on-CPU samples):")
for n, w in [x for x in incl.most_common(300) if not any(s in x[0] for s in skip)][:int(sys.argv[3]) if len(sys.argv) > 3 else 40]: print(f"  {w/oncpu*100:5.1f}%  {short(n)}")
