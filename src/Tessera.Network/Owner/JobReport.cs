using System.Globalization;
using System.Text;

using Tessera.Network.Scheduling;

namespace Tessera.Network.Owner;

/// <summary>One thing that happened during a job, and to whom.</summary>
/// <param name="At">Time since the job started.</param>
/// <param name="What">What happened: assigned, hedged, penalised, completed, stalled, dropped.</param>
/// <param name="Node">The node it concerns, if one.</param>
/// <param name="Task">The segment it concerns, if one.</param>
/// <param name="Detail">Words: the reason, the offence, the verifier's finding.</param>
public sealed record JobEvent(TimeSpan At, string What, NodeId? Node, TaskId? Task, string Detail);

/// <summary>What a job went through: every assignment, penalty and completion, with a per-node summary.</summary>
public sealed class JobReport
{
    private readonly List<JobEvent> events = [];

    /// <summary>Everything, in order.</summary>
    public IReadOnlyList<JobEvent> Events => events;

    /// <summary>Offences per node.</summary>
    public IReadOnlyDictionary<NodeId, IReadOnlyList<Offence>> Offences =>
        events.Where(e => e.What == "penalised" && e.Node is not null)
            .GroupBy(e => e.Node!.Value)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Offence>)g.Select(e => Enum.Parse<Offence>(e.Detail.Split(':')[0])).ToList());

    /// <summary>Segments each node's valid result completed.</summary>
    public IReadOnlyDictionary<NodeId, int> Completions =>
        events.Where(e => e.What == "completed" && e.Node is not null).GroupBy(e => e.Node!.Value).ToDictionary(g => g.Key, g => g.Count());

    internal void Add(JobEvent e) => events.Add(e);

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var e in events.Where(e => e.What is not "assigned"))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{e.At.TotalSeconds,8:F2}s {e.What,-10} {e.Node?.ToString() ?? "-",-12} {e.Task?.ToString() ?? "-",-14} {e.Detail}").AppendLine();
        }

        return sb.ToString();
    }
}
