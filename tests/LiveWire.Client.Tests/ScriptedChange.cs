namespace LiveWire.Client.Tests;

/// <summary>One change a newsroom (or a CMS on the bus) submits in <see cref="NewsroomScript"/>.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Order">Its place in the topic's script.</param>
/// <param name="Sender">Which of the topic's concurrent senders submits it (each owns its own developments).</param>
/// <param name="Kind">publish, correct, retract, pin or unpin.</param>
/// <param name="Id">The development.</param>
/// <param name="Headline">The headline of a publish or correction.</param>
/// <param name="ViaBus">Put straight on the bus by a CMS rather than posted.</param>
/// <param name="Twice">Submitted twice: the same request with the same Idempotency-Key, or the same bus message id.</param>
/// <param name="Concurrently">The two submissions race instead of following each other.</param>
/// <param name="Breaking">A breaking publish (it also goes to the breaking lane).</param>
internal sealed record ScriptedChange(
    string Topic, int Order, int Sender, string Kind, string Id, string? Headline, bool ViaBus, bool Twice, bool Concurrently, bool Breaking);
