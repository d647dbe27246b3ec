using Tessera.Network.Scheduling;

namespace Tessera.Network.Protocol;

/// <summary>The kinds of message, as on the wire. Numbers never change meaning; new kinds get new numbers.</summary>
public enum MessageKind : byte
{
    /// <summary><see cref="Advert"/>.</summary>
    Advert = 1,

    /// <summary><see cref="Offer"/>.</summary>
    Offer = 2,

    /// <summary><see cref="Claim"/>.</summary>
    Claim = 3,

    /// <summary><see cref="Decline"/>.</summary>
    Decline = 4,

    /// <summary><see cref="Heartbeat"/>.</summary>
    Heartbeat = 5,

    /// <summary><see cref="Result"/>.</summary>
    Result = 6,

    /// <summary><see cref="Cancel"/>.</summary>
    Cancel = 7,
}

/// <summary>A protocol message body. Who sent it, to whom and when is in the signed envelope around it.</summary>
public abstract record Message
{
    /// <summary>Its kind on the wire.</summary>
    public abstract MessageKind Kind { get; }
}

/// <summary>Node → everyone: what it can take.</summary>
/// <param name="MaxPo2">The largest segment its memory holds.</param>
/// <param name="Workers">Tasks it proves at once.</param>
/// <param name="ProvingHz">Measured rows per second per worker.</param>
public sealed record Advert(int MaxPo2, int Workers, double ProvingHz) : Message
{
    /// <inheritdoc/>
    public override MessageKind Kind => MessageKind.Advert;
}

/// <summary>Owner → node: prove this segment. The nonce names this assignment and is bound into the result.</summary>
/// <param name="Task">The segment.</param>
/// <param name="Nonce">Fresh per assignment.</param>
/// <param name="Po2">Its size.</param>
/// <param name="Payload">The segment record.</param>
public sealed record Offer(TaskId Task, ulong Nonce, int Po2, ReadOnlyMemory<byte> Payload) : Message
{
    /// <inheritdoc/>
    public override MessageKind Kind => MessageKind.Offer;
}

/// <summary>Node → owner: it took the offer and is proving.</summary>
/// <param name="Task">The segment.</param>
/// <param name="Nonce">The offer's nonce.</param>
public sealed record Claim(TaskId Task, ulong Nonce) : Message
{
    /// <inheritdoc/>
    public override MessageKind Kind => MessageKind.Claim;
}

/// <summary>Node → owner: it will not prove the offer.</summary>
/// <param name="Task">The segment.</param>
/// <param name="Nonce">The offer's nonce.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Busy">
/// Only for now: every worker is taken (by another owner's task, or a cancelled proof still
/// running). The owner may offer it again later; otherwise it will not offer this task again.
/// </param>
public sealed record Decline(TaskId Task, ulong Nonce, string Reason, bool Busy = false) : Message
{
    /// <inheritdoc/>
    public override MessageKind Kind => MessageKind.Decline;
}

/// <summary>One task's progress in a heartbeat.</summary>
/// <param name="Task">The segment.</param>
/// <param name="Nonce">The assignment's nonce.</param>
/// <param name="Progress">Done so far, 0 to 1.</param>
public readonly record struct TaskProgress(TaskId Task, ulong Nonce, float Progress);

/// <summary>Node → owner: alive, and how far along each of its tasks for that owner is.</summary>
/// <param name="Tasks">Progress per task; empty when idle.</param>
public sealed record Heartbeat(IReadOnlyList<TaskProgress> Tasks) : Message
{
    /// <inheritdoc/>
    public override MessageKind Kind => MessageKind.Heartbeat;
}

/// <summary>Node → owner: the proof.</summary>
/// <param name="Task">The segment.</param>
/// <param name="Nonce">The assignment's nonce.</param>
/// <param name="Payload">The segment receipt.</param>
public sealed record Result(TaskId Task, ulong Nonce, ReadOnlyMemory<byte> Payload) : Message
{
    /// <inheritdoc/>
    public override MessageKind Kind => MessageKind.Result;
}

/// <summary>Owner → node: stop working on this task.</summary>
/// <param name="Task">The segment.</param>
/// <param name="Nonce">The assignment's nonce.</param>
/// <param name="Reason">Why.</param>
public sealed record Cancel(TaskId Task, ulong Nonce, CancelReason Reason) : Message
{
    /// <inheritdoc/>
    public override MessageKind Kind => MessageKind.Cancel;
}
