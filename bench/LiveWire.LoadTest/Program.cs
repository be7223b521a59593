using LiveWire.LoadTest;

return await LoadTestCommand.RunAsync(args);
