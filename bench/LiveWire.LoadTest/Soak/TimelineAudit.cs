namespace LiveWire.LoadTest.Soak;

/// <summary>
/// What the store committed for one topic (see <see cref="TimelineAuditor"/>): its latest seq, the events read back,
/// gaps in their seqs, reads that found their place already trimmed, and developments committed more than once
/// (the same <c>id</c> published under two seqs).
/// </summary>
internal sealed record TimelineAudit(string Topic, long LatestSeq, long Events, long Gaps, long Reset, long TwicePublished);
