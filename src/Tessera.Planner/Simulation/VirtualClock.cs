namespace Tessera.Planner.Simulation;

/// <summary>
/// The simulator's time, handed to the scheduler as its <see cref="TimeProvider"/>: it stands still
/// between events and jumps to each event's time. Nothing in a simulation reads the wall clock.
/// </summary>
public sealed class VirtualClock : TimeProvider
{
    /// <summary>Where virtual time starts: a fixed instant, so runs are identical.</summary>
    public static readonly DateTimeOffset Epoch = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Ticks (100 ns) since <see cref="Epoch"/>.</summary>
    public long Now { get; private set; }

    /// <summary>Seconds since <see cref="Epoch"/>.</summary>
    public double Seconds => (double)Now / TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => Epoch.AddTicks(Now);

    /// <summary>Moves time on to <paramref name="ticks"/>; time never runs backwards.</summary>
    public void AdvanceTo(long ticks)
    {
        if (ticks < Now)
        {
            throw new InvalidOperationException($"time would run backwards from {Now} to {ticks}");
        }

        Now = ticks;
    }

    /// <summary>Ticks since <see cref="Epoch"/> of <paramref name="instant"/>.</summary>
    public static long TicksOf(DateTimeOffset instant) => (instant - Epoch).Ticks;

    /// <summary>Ticks in <paramref name="seconds"/>, rounded.</summary>
    public static long Ticks(double seconds) => (long)Math.Round(seconds * TimeSpan.TicksPerSecond);
}
