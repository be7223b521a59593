using LiveWire.Ingestion;

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
