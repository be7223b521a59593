namespace LiveWire.LoadTest.Soak;

/// <summary>The soak's running totals at one moment (seconds since posting began), printed as it goes and kept in the report.</summary>
internal sealed record SoakSample(double Seconds, int Posted, int PostFailures, int Live, long Delivered, long RawDuplicates, long Dropped, long Resumed, string LoadAverage)
{
    public override string ToString() =>
        $"  t={Seconds:0} s: posted {Posted} (failed {PostFailures}), readers connected {Live}, delivered {Delivered}, raw duplicates {RawDuplicates}, "
        + $"dropped by a node {Dropped}, resumed {Resumed}, load {LoadAverage}";
}
