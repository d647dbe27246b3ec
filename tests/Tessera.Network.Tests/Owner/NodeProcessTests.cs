using System.Diagnostics;

using Microsoft.Data.Sqlite;

using Tessera.Network.Identity;
using Tessera.Network.Owner;
using Tessera.Network.Protocol;
using Tessera.Network.Scheduling;
using Tessera.Network.Store;
using Tessera.Network.Tests.Transport;
using Tessera.Network.Transport;
using Tessera.Network.Work;

using Xunit.Abstractions;

namespace Tessera.Network.Tests.Owner;

/// <summary>A real <c>tessera node</c> process against a real nats-server.</summary>
[Collection(NetworkCollection.Name)]
public sealed class NodeProcessTests(ITestOutputHelper output)
{
    /// <summary>What the owner expects a po2-13 segment to take on a node advertising the default speed (2^14 rows a second).</summary>
    private static readonly TimeSpan ExpectedSegmentTime = TimeSpan.FromSeconds((1 << 13) / (double)(1 << 14));

    [Fact]
    public async Task ATesseraNodeProcessJoinsDeclinesWhatIsNotASegmentTaskAndStopsCleanly()
    {
        using var server = new NatsServer();
        var keyFile = Path.Combine(Path.GetTempPath(), $"tessera-node-{Guid.NewGuid():N}.key");
        var metricsPort = FreePort();
        using var node = Start("node", "--nats", server.Url, "--key", keyFile, "--max-po2", "16", "--metrics-port", metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            var id = await ReadyAsync(node);

            using var store = JobStore.Open(":memory:");
            await using var cluster = new Cluster(async name => await NatsTransport.ConnectAsync(server.Url, name), new TestLogger(output));
            await cluster.AddNodeAsync();
            var outcome = await cluster.RunAsync(Cluster.Job(8), store);
            Assert.Equal(8, outcome.Results.Count);

            // When the process was heard in time it was offered the stand-in work, and it said why it declined.
            var declined = outcome.Report.Events.Where(e => e.What == "declined" && e.Node?.ToHex() == id).ToList();
            Assert.All(declined, e => Assert.Contains("not an rv32im segment task", e.Detail));

            // Noise into its inbox is dropped, counted, and served to Prometheus.
            await using var noise = await NatsTransport.ConnectAsync(server.Url, "noise");
            using var http = new HttpClient();
            var metrics = "";
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < TimeSpan.FromSeconds(60) && !metrics.Contains("tessera_messages_dropped", StringComparison.Ordinal))
            {
                await noise.PublishAsync(Subjects.Inbox(NodeId.FromBytes(Convert.FromHexString(id))), new byte[] { 1, 2, 3 });
                await Task.Delay(100);
                try
                {
                    metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"));
                }
                catch (HttpRequestException)
                {
                    // The host (and its listener) starts a moment after the warm-up line.
                }
            }

            Assert.Contains("tessera_messages_dropped", metrics);

            using (var kill = Process.Start("kill", ["-TERM", node.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(0, node.ExitCode);
            var log = await node.StandardOutput.ReadToEndAsync();
            output.WriteLine(log);
            Assert.Contains("stopped", log);
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill();
            }

            File.Delete(keyFile);
        }
    }

    [Fact]
    public async Task ATesseraNodeProcessProvesRealSegmentsOverNatsIntoAReceiptThatVerifies()
    {
        using var server = new NatsServer();
        var keyFile = Path.Combine(Path.GetTempPath(), $"tessera-node-{Guid.NewGuid():N}.key");
        using var node = Start("node", "--nats", server.Url, "--key", keyFile, "--max-po2", "13", "--insecure-test-parameters");
        try
        {
            var id = await ReadyAsync(node);

            var (elf, records, report, circuit, job) = Sha256Job(600);

            using var store = JobStore.Open(":memory:");
            await using var transport = await NatsTransport.ConnectAsync(server.Url, "owner");
            var owner = Owner(transport, circuit, store);
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(180));
            var outcome = await owner.RunAsync(job, cancellation: limit.Token);
            output.WriteLine(outcome.Report.ToString());

            Assert.All(outcome.Results, r => Assert.Equal(id, r.Prover.ToHex()));
            AssertReceiptVerifies(elf, records, report, circuit, outcome);

            using (var kill = Process.Start("kill", ["-TERM", node.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(0, node.ExitCode);
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill();
            }

            File.Delete(keyFile);
        }
    }

    [Fact]
    public async Task TesseraSubmitGetsAGuestProvenByThreeNodeProcessesAndResumesFromItsStoreWithoutThem()
    {
        using var server = new NatsServer();
        var dir = Directory.CreateTempSubdirectory("tessera-submit-");
        var nodes = new List<Process>();
        var drains = new List<Task>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                nodes.Add(Start("node", "--nats", server.Url, "--key", Path.Combine(dir.FullName, $"node{i}.key"), "--max-po2", "13", "--insecure-test-parameters"));
            }

            var ids = await Task.WhenAll(nodes.Select(ReadyAsync));

            // Read what they print from now on (an unread pipe fills and blocks a node's logger).
            drains.AddRange(nodes.Select((n, i) => Drain(n, $"node {ids[i]}")));

            var elf = Path.Combine(Repo.Root(), "guest", "examples", "bin", "sha256.elf");
            var input = Path.Combine(dir.FullName, "input.bin");
            var bytes = new byte[1200];
            new Random(1200).NextBytes(bytes);
            await File.WriteAllBytesAsync(input, bytes);
            var receipt = Path.Combine(dir.FullName, "sha256.receipt");
            string[] submit = ["submit", elf, "--input", input, "--nats", server.Url, "--po2", "13", "--out", receipt, "--json", "--insecure-test-parameters", "--timeout-minutes", "6"];

            var (code, stdout) = await RunToEnd(submit);
            output.WriteLine(stdout);
            Assert.Equal(0, code);
            var result = System.Text.Json.JsonDocument.Parse(stdout[stdout.IndexOf('{', StringComparison.Ordinal)..]).RootElement;
            var segments = result.GetProperty("segments").GetInt32();
            Assert.True(segments >= 4, $"{segments} segments");
            Assert.InRange(result.GetProperty("provers").GetInt32(), 1, 3);
            var journal = result.GetProperty("journal").GetString();

            // The receipt on disk verifies in another process, by the ELF.
            var (verifyCode, verifyOut) = await RunToEnd("verify", receipt, "--elf", elf, "--insecure-test-parameters", "--json");
            output.WriteLine(verifyOut);
            Assert.Equal(0, verifyCode);
            Assert.Contains(journal!, verifyOut, StringComparison.Ordinal);

            // With every node gone, the same submit finishes from its SQLite store: nothing is proven again.
            foreach (var node in nodes)
            {
                node.Kill();
                await node.WaitForExitAsync();
            }

            File.Delete(receipt);
            (code, stdout) = await RunToEnd(submit);
            output.WriteLine(stdout);
            Assert.Equal(0, code);
            Assert.True(File.Exists(receipt));
            Assert.Contains($"\"journal\": \"{journal}\"", stdout, StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(nodes, drains);
            output.WriteLine(server.Log);
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ATesseraSubmitKilledMidJobResumesFromItsStoreAndNeverOffersAgainWhatItHadVerified()
    {
        using var server = new NatsServer();
        var dir = Directory.CreateTempSubdirectory("tessera-resume-");
        var nodes = new List<Process>();
        var drains = new List<Task>();
        Process? first = null;
        try
        {
            for (var i = 0; i < 2; i++)
            {
                nodes.Add(Start("node", "--nats", server.Url, "--key", Path.Combine(dir.FullName, $"node{i}.key"), "--max-po2", "13", "--insecure-test-parameters"));
            }

            await Task.WhenAll(nodes.Select(ReadyAsync));

            // Whether each node holds a task, from its log; every change is written to `changed`.
            var busy = new bool[nodes.Count];
            var changed = System.Threading.Channels.Channel.CreateUnbounded<int>();
            drains.AddRange(nodes.Select((n, i) => Drain(n, $"node {i}", line =>
            {
                if (line.Contains(" proving ", StringComparison.Ordinal) || line.Contains(" done with ", StringComparison.Ordinal))
                {
                    Volatile.Write(ref busy[i], !line.Contains(": 0 of ", StringComparison.Ordinal));
                    changed.Writer.TryWrite(i);
                }
            })));

            // 600 bytes: 7 segments at po2 13, a few rounds for two nodes.
            var elf = Path.Combine(Repo.Root(), "guest", "examples", "bin", "sha256.elf");
            var input = Path.Combine(dir.FullName, "input.bin");
            var bytes = new byte[600];
            new Random(600).NextBytes(bytes);
            await File.WriteAllBytesAsync(input, bytes);
            var receipt = Path.Combine(dir.FullName, "sha256.receipt");
            var storeFile = Path.Combine(dir.FullName, "jobs.sqlite");
            string[] submit = ["submit", elf, "--input", input, "--nats", server.Url, "--po2", "13", "--out", receipt, "--store", storeFile,
                "--json", "--insecure-test-parameters", "--timeout-minutes", "3"];

            // SIGKILL once the owner says it has verified some segments and not all.
            first = Start(submit);
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            var total = 0;
            while (true)
            {
                var line = await first.StandardOutput.ReadLineAsync(limit.Token);
                Assert.True(line is not null, "tessera submit ended before it had verified part of the job");
                output.WriteLine($"[submit] {line}");
                if (line.StartsWith("progress: ", StringComparison.Ordinal))
                {
                    var counts = line["progress: ".Length..].Split(' ')[0].Split('/');
                    var (done, of) = (int.Parse(counts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(counts[1], System.Globalization.CultureInfo.InvariantCulture));
                    Assert.True(done < of, "the job finished before tessera submit could be killed in the middle");
                    if (done > 0)
                    {
                        total = of;
                        break;
                    }
                }
            }

            first.Kill();
            await first.WaitForExitAsync(limit.Token);
            Assert.Equal(137, first.ExitCode);
            var (verifiedBefore, assignedBefore) = Stored(storeFile);
            output.WriteLine($"killed with {verifiedBefore.Count}/{total} segments verified, {assignedBefore.Values.Sum()} assignments");
            Assert.InRange(verifiedBefore.Count, 1, total - 1);

            // The nodes finish the proofs the killed owner gave them (no cancel will come) before it
            // is run again: a node busy with other work declines an offer, and the scheduler then
            // never offers it that task again (a restarted owner whose nodes are all still busy
            // would see every segment stall).
            while (Enumerable.Range(0, busy.Length).Any(i => Volatile.Read(ref busy[i])))
            {
                await changed.Reader.ReadAsync(limit.Token);
            }

            // The same command again finishes the job from the store.
            var (code, stdout) = await RunToEnd(submit);
            output.WriteLine(stdout);
            Assert.Equal(0, code);
            var result = System.Text.Json.JsonDocument.Parse(stdout[stdout.IndexOf('{', StringComparison.Ordinal)..]).RootElement;
            Assert.Equal(total, result.GetProperty("segments").GetInt32());
            var (verifiedAfter, assignedAfter) = Stored(storeFile);
            Assert.Equal(total, verifiedAfter.Count);
            Assert.True(assignedAfter.Values.Sum() > assignedBefore.Values.Sum(), "the second run assigned nothing");
            foreach (var (segment, kept) in verifiedBefore)
            {
                // Never offered again, and the receipt verified before the kill is the one in the job.
                Assert.Equal(assignedBefore[segment], assignedAfter[segment]);
                Assert.Equal(kept, verifiedAfter[segment]);
            }

            // The receipt on disk verifies in another process, by the ELF.
            var (verifyCode, verifyOut) = await RunToEnd("verify", receipt, "--elf", elf, "--insecure-test-parameters", "--json");
            output.WriteLine(verifyOut);
            Assert.Equal(0, verifyCode);
            Assert.Contains(result.GetProperty("journal").GetString()!, verifyOut, StringComparison.Ordinal);
        }
        finally
        {
            if (first is { HasExited: false })
            {
                first.Kill();
            }

            first?.Dispose();
            await StopAsync(nodes, drains);
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task FourOfFiveNodeProcessesMisbehaveAndTheJobStillFinishesWithAValidReceipt()
    {
        // One honest node; four drill nodes: garbage, another segment's receipt, a receipt made for
        // another assignment, and one that takes tasks and never answers.
        using var server = new NatsServer();
        var dir = Directory.CreateTempSubdirectory("tessera-drill-");
        string?[] drills = [null, "garbage", "other-segment", "old-assignment", "silent"];
        var nodes = new List<Process>();
        var drains = new List<Task>();
        var ids = new Dictionary<string, string>();
        try
        {
            for (var i = 0; i < drills.Length; i++)
            {
                string[] args = ["node", "--nats", server.Url, "--key", Path.Combine(dir.FullName, $"node{i}.key"), "--max-po2", "13", "--insecure-test-parameters"];
                nodes.Add(Start(drills[i] is { } d ? [.. args, "--drill", d] : args));
            }

            var ready = await Task.WhenAll(nodes.Select(ReadyAsync));
            for (var i = 0; i < drills.Length; i++)
            {
                ids[drills[i] ?? "honest"] = ready[i];
                drains.Add(Drain(nodes[i], drills[i] ?? "honest"));
            }

            var (elf, records, report, circuit, job) = Sha256Job(2000);

            using var store = JobStore.Open(Path.Combine(dir.FullName, "jobs.sqlite"));
            await using var transport = await NatsTransport.ConnectAsync(server.Url, "owner");
            var owner = Owner(transport, circuit, store);
            // A liveness bound, not a speed target: 35 s beside three busy loops, longer when every
            // test project runs at once on two cores (it once ran past 240 s there).
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(8));
            var outcome = await owner.RunAsync(job, cancellation: limit.Token);
            output.WriteLine(outcome.Report.ToString());

            // The receipt is whole and valid, and the report names each cheat by what it did.
            AssertReceiptVerifies(elf, records, report, circuit, outcome);
            var offences = outcome.Report.Offences.ToDictionary(kv => kv.Key.ToHex(), kv => kv.Value);
            // On a loaded machine the honest node may run past its expected time (Late); it never cheats.
            Assert.DoesNotContain(offences.GetValueOrDefault(ids["honest"]) ?? [], o => o is Offence.Invalid or Offence.Foreign or Offence.Replayed);
            Assert.Contains(Offence.Invalid, Offended("garbage"));
            Assert.Contains(Offence.Replayed, Offended("old-assignment"));
            if (Completions("other-segment") < records.Count)
            {
                // It proved its first task honestly; every later answer was that receipt.
                Assert.Contains(Offence.Foreign, Offended("other-segment"));
            }

            Assert.True(Completions("garbage") + Completions("old-assignment") + Completions("silent") == 0, "a cheat's result counted");
            Assert.True(Completions("honest") > 0);

            IReadOnlyList<Offence> Offended(string who)
            {
                Assert.True(outcome.Report.Events.Any(e => e.What is "assigned" or "reassign" or "hedge" or "speculate" && e.Node?.ToHex() == ids[who]), $"the {who} node was never given a task");
                return offences.TryGetValue(ids[who], out var o) ? o : [];
            }

            int Completions(string who) => outcome.Report.Completions.Where(kv => kv.Key.ToHex() == ids[who]).Sum(kv => kv.Value);
        }
        finally
        {
            await StopAsync(nodes, drains);
            output.WriteLine(server.Log);
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Each misbehaviour alone: two honest node processes and one that misbehaves (or is killed
    /// with SIGKILL while it proves). The job finishes with a receipt that verifies, the report
    /// names what the bad node did against its id, and neither honest node is charged with cheating.
    /// </summary>
    /// <param name="behaviour">killed, or the bad node's <c>--drill</c>.</param>
    /// <param name="inputBytes">The sha256 input: 400 bytes make 5 segments at po2 13, 600 make 7.</param>
    [Theory]
    [InlineData("killed", 400)]
    [InlineData("garbage", 400)]
    [InlineData("other-segment", 600)] // it cheats from its second task on: enough segments that it gets one
    [InlineData("other-job", 400)]
    [InlineData("old-assignment", 400)]
    [InlineData("silent", 400)]
    [InlineData("slow:10", 400)]
    public async Task OneNodeProcessMisbehavesBesideTwoHonestOnesAndTheJobFinishesWithTheReportNamingIt(string behaviour, int inputBytes)
    {
        using var server = new NatsServer();
        var dir = Directory.CreateTempSubdirectory("tessera-alone-");
        var killed = behaviour == "killed";
        var nodes = new List<Process>();
        var drains = new List<Task>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                string[] args = ["node", "--nats", server.Url, "--key", Path.Combine(dir.FullName, $"node{i}.key"), "--max-po2", "13", "--insecure-test-parameters"];
                nodes.Add(Start(i < 2 || killed ? args : [.. args, "--drill", behaviour]));
            }

            var started = await Task.WhenAll(nodes.Select(StartedAsync));
            var ids = started.Select(s => s.Id).ToArray();
            var (honest, bad) = (ids[..2], ids[2]);
            output.WriteLine($"warm-ups: {string.Join(", ", started.Select(s => $"{s.WarmUp.TotalSeconds:F1} s"))}");

            // Late means slower than this machine's own cold first proof (the warm-up), so that ten
            // times slower is late on a fast machine and on a loaded one alike. A killed node is
            // caught by its silence: for it the owner is patient well past the heartbeat timeout.
            var lateAfter = killed ? TimeSpan.FromSeconds(120) : started.Min(s => s.WarmUp);
            var proving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drains.Add(Drain(nodes[0], "honest 0"));
            drains.Add(Drain(nodes[1], "honest 1"));
            drains.Add(Drain(nodes[2], behaviour, line =>
            {
                if (line.Contains(" proving ", StringComparison.Ordinal))
                {
                    proving.TrySetResult();
                }
            }));

            var (elf, records, report, circuit, job) = Sha256Job(inputBytes);
            using var store = JobStore.Open(":memory:");
            await using var transport = await NatsTransport.ConnectAsync(server.Url, "owner");
            var owner = Owner(transport, circuit, store, lateAfter);
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(180));
            var clock = Stopwatch.StartNew();
            var run = owner.RunAsync(job, cancellation: limit.Token);
            if (killed)
            {
                // SIGKILL while it holds a task: it said it started proving one, which takes it a while.
                await Task.WhenAny(proving.Task, run).WaitAsync(limit.Token);
                Assert.True(proving.Task.IsCompleted, "the job finished before the node to kill took a task");
                nodes[2].Kill();
                await nodes[2].WaitForExitAsync(limit.Token);
                output.WriteLine($"killed {bad} at {clock.Elapsed.TotalSeconds:F1} s");
            }

            var outcome = await run;
            output.WriteLine($"job of {records.Count} segments done in {clock.Elapsed.TotalSeconds:F1} s");
            output.WriteLine(outcome.Report.ToString());

            // The receipt is whole and valid.
            AssertReceiptVerifies(elf, records, report, circuit, outcome);

            // On a loaded machine an honest node may run past its expected time (Late); it never cheats.
            var offences = outcome.Report.Offences.ToDictionary(kv => kv.Key.ToHex(), kv => kv.Value);
            foreach (var h in honest)
            {
                Assert.DoesNotContain(offences.GetValueOrDefault(h) ?? [], o => o is Offence.Invalid or Offence.Foreign or Offence.Replayed);
            }

            Assert.True(outcome.Report.Completions.Where(kv => honest.Contains(kv.Key.ToHex())).Sum(kv => kv.Value) > 0, "no honest node completed a segment");

            // The bad node was given work, and the report says what it did, against its id.
            var events = outcome.Report.Events.Where(e => e.Node?.ToHex() == bad).ToList();
            Assert.Contains(events, e => e.What is "assigned" or "reassign" or "hedge" or "speculate");
            var against = offences.GetValueOrDefault(bad) ?? [];
            var completions = events.Count(e => e.What == "completed");
            switch (behaviour)
            {
                case "killed":
                    // Its heartbeats stopped while it held a task: silent, dropped, its task proven by another.
                    Assert.Contains(Offence.Silent, against);
                    Assert.Contains(events, e => e.What == "dropped" && e.Detail == "went silent");
                    break;
                case "garbage":
                    Assert.Contains(Offence.Invalid, against);
                    Assert.Equal(0, completions);
                    break;
                case "other-segment":
                    // Its first task it proved honestly (that one may count); every later answer was that receipt.
                    Assert.Contains(Offence.Foreign, against);
                    Assert.InRange(completions, 0, 1);
                    break;
                case "other-job":
                case "old-assignment":
                    // The right claim, a seal bound to another job or another assignment of this one.
                    Assert.Contains(Offence.Replayed, against);
                    Assert.Equal(0, completions);
                    break;
                case "silent":
                    // It heartbeats and never answers: late, and its task hedged to another.
                    Assert.Contains(Offence.Late, against);
                    Assert.Equal(0, completions);
                    break;
                case "slow:10":
                    Assert.Contains(Offence.Late, against);
                    break;
                default:
                    Assert.Fail($"no expectation for {behaviour}");
                    break;
            }

            if (behaviour is "killed" or "silent" or "slow:10")
            {
                Assert.DoesNotContain(against, o => o is Offence.Invalid or Offence.Foreign or Offence.Replayed);
            }
        }
        finally
        {
            await StopAsync(nodes, drains);
            dir.Delete(recursive: true);
        }
    }

    /// <summary>The sha256 example on <paramref name="inputBytes"/> seeded random bytes, cut at po2 13, as an adaptive job.</summary>
    private static (Tessera.Vm.Elf.ElfProgram Elf, List<Tessera.Vm.Segments.SegmentRecord> Records, Tessera.Vm.Segments.ExecutionReport Report,
        Tessera.Circuit.Rv32imCircuit Circuit, SegmentJob Job) Sha256Job(int inputBytes)
    {
        var elf = Tessera.Vm.Elf.ElfProgram.Load(Path.Combine(Repo.Root(), "guest", "examples", "bin", "sha256.elf"));
        var input = new byte[inputBytes];
        new Random(inputBytes).NextBytes(input);
        var records = new List<Tessera.Vm.Segments.SegmentRecord>();
        var report = Tessera.Vm.Segments.Executor.Run(elf, input, new Tessera.Vm.Segments.ExecutionOptions { Po2 = 13, KeepRecords = true }, records.Add);
        var circuit = Tessera.Circuit.Rv32imCircuit.For(elf);
        return (elf, records, report, circuit, new SegmentJob(JobId.New(), SchedulingPolicy.Adaptive, [.. records.Select(r => SegmentTasks.Spec(circuit, r))]));
    }

    /// <summary>The job's results assemble into a receipt that verifies, with the executor's journal and every segment.</summary>
    private static void AssertReceiptVerifies(Tessera.Vm.Elf.ElfProgram elf, List<Tessera.Vm.Segments.SegmentRecord> records,
        Tessera.Vm.Segments.ExecutionReport report, Tessera.Circuit.Rv32imCircuit circuit, JobOutcome outcome)
    {
        var receipt = SegmentTasks.Assemble(circuit, outcome, report.Journal);
        var verified = receipt.Verify(Zkvm.ImageId.Of(elf), Tessera.Stark.Fri.ProofParameters.Test);
        Assert.Equal(report.Journal, verified.Journal);
        Assert.Equal(records.Count, verified.Segments);
    }

    /// <summary>
    /// A job owner verifying real receipts at the test parameters, patient with nodes on a loaded
    /// machine: a holder is late once it has run <paramref name="lateAfter"/> on a po2-13 segment (default 5 s).
    /// </summary>
    private JobOwner Owner(ITransport transport, Tessera.Circuit.Rv32imCircuit circuit, JobStore store, TimeSpan? lateAfter = null) =>
        new(new Peer(NodeKey.Generate(), transport, TimeProvider.System, new TestLogger(output)),
            new ReceiptVerifier(circuit, Tessera.Stark.Fri.ProofParameters.Test), store, TimeProvider.System, new TestLogger(output),
            new SchedulerOptions
            {
                HeartbeatTimeout = TimeSpan.FromSeconds(10),
                NodeTimeout = TimeSpan.FromSeconds(20),
                LateFactor = lateAfter is { } late ? late / ExpectedSegmentTime : 10,
            });

    /// <summary>Waits until a node process has said its id and warmed up (it advertises right after); returns its id.</summary>
    private static async Task<string> ReadyAsync(Process node) => (await StartedAsync(node)).Id;

    /// <summary>Waits until a node process has said its id and warmed up; returns its id and how long its warm-up proof took.</summary>
    private static async Task<(string Id, TimeSpan WarmUp)> StartedAsync(Process node)
    {
        // Generous: several processes start at once on a machine that may be busy with other builds.
        var first = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90));
        Assert.StartsWith("node ", first);
        var warm = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120));
        Assert.StartsWith("warmed up in ", warm);
        var seconds = double.Parse(warm!["warmed up in ".Length..].TrimEnd('s', ' '), System.Globalization.CultureInfo.InvariantCulture);
        return (first!["node ".Length..], TimeSpan.FromSeconds(seconds));
    }

    /// <summary>From a job store's SQLite file (one job): each verified segment's result, and how many times each segment was assigned.</summary>
    private static (Dictionary<int, byte[]> Verified, Dictionary<int, int> Assigned) Stored(string file)
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        db.Open();
        var verified = new Dictionary<int, byte[]>();
        using (var c = db.CreateCommand())
        {
            c.CommandText = "SELECT idx, result FROM results";
            using var r = c.ExecuteReader();
            while (r.Read())
            {
                verified[r.GetInt32(0)] = (byte[])r[1];
            }
        }

        var assigned = new Dictionary<int, int>();
        using (var c = db.CreateCommand())
        {
            c.CommandText = "SELECT idx, COUNT(*) FROM assignments GROUP BY idx";
            using var r = c.ExecuteReader();
            while (r.Read())
            {
                assigned[r.GetInt32(0)] = r.GetInt32(1);
            }
        }

        return (verified, assigned);
    }

    /// <summary>Kills the processes still running and lets their log drains finish (a drain that does not end is left behind).</summary>
    private static async Task StopAsync(List<Process> processes, List<Task> drains)
    {
        foreach (var p in processes)
        {
            if (!p.HasExited)
            {
                p.Kill();
            }
        }

        try
        {
            await Task.WhenAll(drains).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            // not what the test is about; the processes are gone
        }

        foreach (var p in processes)
        {
            p.Dispose();
        }
    }

    /// <summary>Copies a process's remaining stdout lines into the test output until it exits, handing each to <paramref name="line"/>.</summary>
    private async Task Drain(Process process, string name, Action<string>? line = null)
    {
        while (await process.StandardOutput.ReadLineAsync() is { } l)
        {
            line?.Invoke(l);
            try
            {
                output.WriteLine($"[{name}] {l}");
            }
            catch (InvalidOperationException)
            {
                // the test has finished; nothing to write to
            }
        }
    }

    private static async Task<(int Code, string Stdout)> RunToEnd(params string[] args)
    {
        using var process = Start(args);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(7));
        var stdout = await process.StandardOutput.ReadToEndAsync(limit.Token);
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, stdout);
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    private static Process Start(params string[] args)
    {
        var root = Repo.Root();
        var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = Path.Combine(root, "src", "Tessera.Cli", "bin", configuration, "net10.0", "tessera.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return Process.Start(psi)!;
    }
}
