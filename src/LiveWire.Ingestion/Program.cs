using LiveWire.Hosting;
using LiveWire.Ingestion;

// A container health check runs the binary itself (HealthProbe): answered before any host is built.
if (HealthProbe.Target(args) is { } probe)
{
    return await HealthProbe.RunAsync(probe);
}

var builder = WebApplication.CreateBuilder(args);
if (args is ["replay-errors", ..])
{
    // LiveWire.Ingestion replay-errors [--limit N]: moves the error queue's changes back for another try, and exits.
    return await ReplayErrorsCommand.RunAsync(builder.Configuration);
}

builder.AddLiveWireIngestion();

var app = builder.Build();
app.MapLiveWireIngestion();
app.Run();
return 0;
