using Microsoft.Extensions.Logging;

using Xunit.Abstractions;

namespace Tessera.Network.Tests;

/// <summary>Logs into a test's output, so a failing network test shows what happened.</summary>
internal sealed class TestLogger(ITestOutputHelper output) : ILogger
{
    private readonly DateTime start = DateTime.UtcNow;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine($"{(DateTime.UtcNow - start).TotalSeconds,7:F3} {logLevel,-11} {formatter(state, exception)}");
        }
        catch (InvalidOperationException)
        {
            // the test has finished; nothing to write to
        }
    }
}
