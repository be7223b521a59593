using LiveWire.Ingestion;

var builder = WebApplication.CreateBuilder(args);
builder.AddLiveWireIngestion();

var app = builder.Build();
app.MapLiveWireIngestion();
app.Run();
