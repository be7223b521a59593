using LiveWire.Server;

var builder = WebApplication.CreateBuilder(args);
builder.AddLiveWireServer();

var app = builder.Build();
app.MapLiveWireServer();
app.Run();
