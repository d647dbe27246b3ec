namespace Tessera.Network;

/// <summary>One segment of one job: the unit that is offered, proven and verified.</summary>
public readonly record struct TaskId(JobId Job, int Segment)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Job}/{Segment}";
}
