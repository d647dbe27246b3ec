namespace Tessera.Network.Scheduling;

/// <summary>
/// What the network knows of a node from its past: a score in [0, 1] (0.5 for a stranger) and the
/// counts behind it. Valid results raise the score slowly; a wrong result cuts it hard, so a liar
/// loses the first pick of work after one lie and needs several valid proofs to win it back.
/// </summary>
/// <param name="Score">Current standing; higher is picked first.</param>
/// <param name="Valid">Valid results returned.</param>
/// <param name="Wrong">Invalid, foreign or replayed results returned.</param>
/// <param name="Silent">Tasks held without heartbeats past the timeout.</param>
/// <param name="Late">Tasks hedged for running past the expected time.</param>
public readonly record struct Reputation(double Score, long Valid, long Wrong, long Silent, long Late)
{
    /// <summary>A node never seen before.</summary>
    public static Reputation Stranger { get; } = new(0.5, 0, 0, 0, 0);

    /// <summary>After a valid result.</summary>
    public Reputation WithValid() => this with { Score = Score + ((1 - Score) * 0.2), Valid = Valid + 1 };

    /// <summary>After an offence.</summary>
    public Reputation With(Offence offence) => offence switch
    {
        Offence.Invalid or Offence.Foreign or Offence.Replayed => this with { Score = Score * 0.25, Wrong = Wrong + 1 },
        Offence.Silent => this with { Score = Score * 0.5, Silent = Silent + 1 },
        Offence.Late => this with { Score = Score * 0.85, Late = Late + 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(offence)),
    };
}
