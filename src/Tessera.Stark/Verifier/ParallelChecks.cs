using System.Runtime.ExceptionServices;

namespace Tessera.Stark.Verifier;

/// <summary>
/// Independent verifier checks run across cores, with a verdict that does not depend on the
/// schedule: every check runs, and the failure reported is the one of the lowest index.
/// </summary>
internal static class ParallelChecks
{
    /// <summary>Runs <paramref name="check"/> for 0 … count−1; null when all pass, else the lowest index's reason.</summary>
    public static string? FirstFailure(int count, Func<int, string?> check)
    {
        var failures = new string?[count];
        Run(count, i => failures[i] = check(i));
        return failures.FirstOrDefault(f => f is not null);
    }

    /// <summary>Runs each check; null when all pass, else the first failing one's reason in list order.</summary>
    public static string? FirstFailure(IReadOnlyList<Func<string?>> checks) => FirstFailure(checks.Count, i => checks[i]());

    /// <summary>Runs <paramref name="body"/> for 0 … count−1 across cores, rethrowing the first exception as itself.</summary>
    public static void Run(int count, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
