using Microsoft.Data.Sqlite;

using Tessera.Network.Scheduling;

namespace Tessera.Network.Store;

/// <summary>A job as stored: what to prove, what each segment must prove, and what is already verified.</summary>
/// <param name="Id">The job.</param>
/// <param name="Policy">Its scheduling policy.</param>
/// <param name="Segments">Per segment: its po2 and the claim its receipt must prove.</param>
/// <param name="Verified">Verified results by segment index: prover, nonce and result bytes.</param>
/// <param name="Completed">Whether every segment was verified and the job closed.</param>
public sealed record StoredJob(
    JobId Id,
    SchedulingPolicy Policy,
    IReadOnlyList<StoredSegment> Segments,
    IReadOnlyDictionary<int, VerifiedResult> Verified,
    bool Completed);

/// <summary>One segment's size and expected claim.</summary>
/// <param name="Po2">log2 of its cycles.</param>
/// <param name="Claim">What its receipt must prove.</param>
public sealed record StoredSegment(int Po2, byte[] Claim);

/// <summary>A verified result, kept so a restarted owner assembles the same receipt without re-proving.</summary>
/// <param name="Prover">Who proved it.</param>
/// <param name="Nonce">The assignment it was bound to.</param>
/// <param name="Result">The result bytes.</param>
public sealed record VerifiedResult(NodeId Prover, ulong Nonce, byte[] Result);

/// <summary>
/// The job owner's durable state in SQLite: jobs, segments, every assignment's nonce (so results
/// bound to an assignment from before a restart are still recognised), verified results, and
/// node reputation. A verified result is written before the scheduler counts it, so a killed
/// owner that restarts never re-proves a segment it had counted.
/// </summary>
public sealed class JobStore : IReputationStore, IDisposable
{
    private readonly SqliteConnection db;
    private readonly Lock gate = new();

    private JobStore(SqliteConnection db) => this.db = db;

    /// <summary>Opens (creating when absent) the store at <paramref name="path"/>; ":memory:" for a throwaway one.</summary>
    public static JobStore Open(string path)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        db.Open();
        var store = new JobStore(db);
        store.Exec("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS jobs (
                id BLOB PRIMARY KEY, policy TEXT NOT NULL, created INTEGER NOT NULL, completed INTEGER);
            CREATE TABLE IF NOT EXISTS segments (
                job BLOB NOT NULL, idx INTEGER NOT NULL, po2 INTEGER NOT NULL, claim BLOB NOT NULL,
                PRIMARY KEY (job, idx));
            CREATE TABLE IF NOT EXISTS assignments (
                job BLOB NOT NULL, idx INTEGER NOT NULL, node BLOB NOT NULL, nonce INTEGER NOT NULL, at INTEGER NOT NULL,
                PRIMARY KEY (job, idx, nonce));
            CREATE TABLE IF NOT EXISTS results (
                job BLOB NOT NULL, idx INTEGER NOT NULL, prover BLOB NOT NULL, nonce INTEGER NOT NULL, result BLOB NOT NULL,
                at INTEGER NOT NULL, PRIMARY KEY (job, idx));
            CREATE TABLE IF NOT EXISTS reputation (
                node BLOB PRIMARY KEY, score REAL NOT NULL, valid INTEGER NOT NULL, wrong INTEGER NOT NULL,
                silent INTEGER NOT NULL, late INTEGER NOT NULL);
            """);
        return store;
    }

    /// <summary>Records a new job and its segments.</summary>
    public void CreateJob(JobId id, SchedulingPolicy policy, IReadOnlyList<StoredSegment> segments, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(segments);
        lock (gate)
        {
            using var tx = db.BeginTransaction();
            Run("INSERT INTO jobs (id, policy, created) VALUES ($id, $policy, $at)", ("$id", Key(id)), ("$policy", policy.ToString()!), ("$at", at.ToUnixTimeMilliseconds()));
            for (var i = 0; i < segments.Count; i++)
            {
                Run(
                    "INSERT INTO segments (job, idx, po2, claim) VALUES ($job, $idx, $po2, $claim)",
                    ("$job", Key(id)),
                    ("$idx", i),
                    ("$po2", segments[i].Po2),
                    ("$claim", segments[i].Claim));
            }

            tx.Commit();
        }
    }

    /// <summary>The job, or null when the store does not hold it.</summary>
    public StoredJob? LoadJob(JobId id)
    {
        lock (gate)
        {
            string policy;
            bool completed;
            using (var c = Command("SELECT policy, completed FROM jobs WHERE id = $id", ("$id", Key(id))))
            using (var r = c.ExecuteReader())
            {
                if (!r.Read())
                {
                    return null;
                }

                policy = r.GetString(0);
                completed = !r.IsDBNull(1);
            }

            var segments = new List<StoredSegment>();
            using (var c = Command("SELECT po2, claim FROM segments WHERE job = $id ORDER BY idx", ("$id", Key(id))))
            using (var r = c.ExecuteReader())
            {
                while (r.Read())
                {
                    segments.Add(new StoredSegment(r.GetInt32(0), (byte[])r[1]));
                }
            }

            var verified = new Dictionary<int, VerifiedResult>();
            using (var c = Command("SELECT idx, prover, nonce, result FROM results WHERE job = $id", ("$id", Key(id))))
            using (var r = c.ExecuteReader())
            {
                while (r.Read())
                {
                    verified[r.GetInt32(0)] = new VerifiedResult(NodeId.FromBytes((byte[])r[1]), unchecked((ulong)r.GetInt64(2)), (byte[])r[3]);
                }
            }

            return new StoredJob(id, SchedulingPolicy.Parse(policy), segments, verified, completed);
        }
    }

    /// <summary>Jobs created and not completed: what a restarted owner resumes.</summary>
    public IReadOnlyList<JobId> OpenJobs()
    {
        lock (gate)
        {
            var ids = new List<JobId>();
            using var c = Command("SELECT id FROM jobs WHERE completed IS NULL ORDER BY created");
            using var r = c.ExecuteReader();
            while (r.Read())
            {
                ids.Add(new JobId(new Guid((byte[])r[0])));
            }

            return ids;
        }
    }

    /// <summary>Records that <paramref name="node"/> was given the task under <paramref name="nonce"/>.</summary>
    public void RecordAssignment(TaskId task, NodeId node, ulong nonce, DateTimeOffset at)
    {
        lock (gate)
        {
            Run(
                "INSERT OR IGNORE INTO assignments (job, idx, node, nonce, at) VALUES ($job, $idx, $node, $nonce, $at)",
                ("$job", Key(task.Job)),
                ("$idx", task.Segment),
                ("$node", node.ToBytes()),
                ("$nonce", unchecked((long)nonce)),
                ("$at", at.ToUnixTimeMilliseconds()));
        }
    }

    /// <summary>The node a nonce of this task was given to, if any: tells an old assignment's result from a forged one.</summary>
    public NodeId? AssigneeOf(TaskId task, ulong nonce)
    {
        lock (gate)
        {
            using var c = Command(
                "SELECT node FROM assignments WHERE job = $job AND idx = $idx AND nonce = $nonce",
                ("$job", Key(task.Job)),
                ("$idx", task.Segment),
                ("$nonce", unchecked((long)nonce)));
            return c.ExecuteScalar() is byte[] b ? NodeId.FromBytes(b) : null;
        }
    }

    /// <summary>Stores a verified result; the first one per segment stays. Returns whether this one was stored.</summary>
    public bool RecordVerified(TaskId task, VerifiedResult result, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (gate)
        {
            return Run(
                "INSERT OR IGNORE INTO results (job, idx, prover, nonce, result, at) VALUES ($job, $idx, $prover, $nonce, $result, $at)",
                ("$job", Key(task.Job)),
                ("$idx", task.Segment),
                ("$prover", result.Prover.ToBytes()),
                ("$nonce", unchecked((long)result.Nonce)),
                ("$result", result.Result),
                ("$at", at.ToUnixTimeMilliseconds())) == 1;
        }
    }

    /// <summary>Closes the job: it is no longer resumed.</summary>
    public void CompleteJob(JobId id, DateTimeOffset at)
    {
        lock (gate)
        {
            Run("UPDATE jobs SET completed = $at WHERE id = $id", ("$id", Key(id)), ("$at", at.ToUnixTimeMilliseconds()));
        }
    }

    /// <inheritdoc/>
    public Reputation Load(NodeId node)
    {
        lock (gate)
        {
            using var c = Command("SELECT score, valid, wrong, silent, late FROM reputation WHERE node = $node", ("$node", node.ToBytes()));
            using var r = c.ExecuteReader();
            return r.Read()
                ? new Reputation(r.GetDouble(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4))
                : Reputation.Stranger;
        }
    }

    /// <inheritdoc/>
    public void Save(NodeId node, Reputation reputation)
    {
        lock (gate)
        {
            Run(
                """
                INSERT INTO reputation (node, score, valid, wrong, silent, late) VALUES ($node, $score, $valid, $wrong, $silent, $late)
                ON CONFLICT (node) DO UPDATE SET score = $score, valid = $valid, wrong = $wrong, silent = $silent, late = $late
                """,
                ("$node", node.ToBytes()),
                ("$score", reputation.Score),
                ("$valid", reputation.Valid),
                ("$wrong", reputation.Wrong),
                ("$silent", reputation.Silent),
                ("$late", reputation.Late));
        }
    }

    /// <inheritdoc/>
    public void Dispose() => db.Dispose();

    private static byte[] Key(JobId id) => id.ToBytes();

    private void Exec(string sql)
    {
        using var c = Command(sql);
        c.ExecuteNonQuery();
    }

    private int Run(string sql, params (string Name, object Value)[] args)
    {
        using var c = Command(sql, args);
        return c.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] args)
    {
        var c = db.CreateCommand();
        c.CommandText = sql;
        foreach (var (name, value) in args)
        {
            c.Parameters.AddWithValue(name, value);
        }

        return c;
    }
}
