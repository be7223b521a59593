namespace LiveWire.LoadTest.Measuring;

/// <summary>
/// One steady stretch of one process instance's resident memory (see <see cref="RssSampler.Rows"/>): seconds are the
/// sampler's clock, MiB are 2^20 bytes. <see cref="WarmMiB"/> and <see cref="EndMiB"/> are the floors (lowest samples)
/// of a window, <see cref="WarmMedianMiB"/> and <see cref="EndMedianMiB"/> its medians; <see cref="ChangePercent"/>
/// (of the floors) is NaN when the stretch was too short to judge; <see cref="Flagged"/> is true when it moved more
/// than the tolerance either way. <see cref="StepPercent"/> is the change from the previous
/// stretch's end to this one's warm value (NaN for a first stretch): the memory of the readers a killed node handed
/// over. <see cref="Gone"/>: the instance was not there at the last sample (killed, or it stopped by itself).
/// </summary>
internal sealed record RssRow(
    string Name,
    int Pid,
    int Stretch,
    double FromSeconds,
    double ToSeconds,
    int Samples,
    double WarmSeconds,
    double WarmMiB,
    double EndMiB,
    double WarmMedianMiB,
    double EndMedianMiB,
    double MaxMiB,
    double ChangePercent,
    double MedianChangePercent,
    double StepPercent,
    bool Flagged,
    bool Gone);

/// <summary>One process instance's resident memory over the run: <c>[seconds, MiB]</c> pairs on the sampler's clock.</summary>
internal sealed record RssSeries(string Name, int Pid, IReadOnlyList<double[]> Samples);
