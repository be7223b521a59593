using LiveWire.Hosting;
using LiveWire.Server;

// A container health check runs the binary itself (HealthProbe): answered before any host is built.
if (HealthProbe.Target(args) is { } probe)
{
    return await HealthProbe.RunAsync(probe);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddLiveWireServer();

var app = builder.Build();
app.MapLiveWireServer();
app.Run();
return 0;
