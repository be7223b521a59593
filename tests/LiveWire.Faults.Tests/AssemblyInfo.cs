// Each case stops a shared broker or its own Redis: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
