namespace LiveWire.LoadTest.Measuring;

/// <summary>
/// One process instance's resident memory over a run (see <see cref="RssSampler.Rows"/>): seconds are the
/// sampler's clock, MiB are 2^20 bytes. <see cref="ChangePercent"/> is NaN when the instance did not live past its
/// warm-up; <see cref="Flagged"/> is true when it moved more than the tolerance either way; <see cref="Gone"/> when
/// it was not there at the last sample (killed, or it stopped by itself).
/// </summary>
internal sealed record RssRow(
    string Name,
    int Pid,
    double FirstSeconds,
    double LastSeconds,
    int Samples,
    double WarmSeconds,
    double WarmMiB,
    double EndMiB,
    double MaxMiB,
    double ChangePercent,
    bool Flagged,
    bool Gone);
