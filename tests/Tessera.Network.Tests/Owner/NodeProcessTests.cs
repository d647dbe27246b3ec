using System.Diagnostics;

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
    // What each node process printed after it was ready: read as it comes (an unread pipe fills and
    // blocks the node's logger, and so the node), and written to the test's output at the end.
    private readonly List<(int Pid, Task<string> Log)> logs = [];

    [Fact]
    public async Task ATesseraNodeProcessJoinsDeclinesWhatIsNotASegmentTaskAndStopsCleanly()
    {
        using var server = new NatsServer();
        var keyFile = Path.Combine(Path.GetTempPath(), $"tessera-node-{Guid.NewGuid():N}.key");
        var metricsPort = FreePort();
        using var node = Start("node", "--nats", server.Url, "--key", keyFile, "--max-po2", "16", "--metrics-port", metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            var id = await ReadyAsync(node, drain: false);

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
            var receipt = SegmentTasks.Assemble(circuit, outcome, report.Journal);
            var verified = receipt.Verify(Zkvm.ImageId.Of(elf), Tessera.Stark.Fri.ProofParameters.Test);
            Assert.Equal(report.Journal, verified.Journal);
            Assert.Equal(records.Count, verified.Segments);

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

            await WriteLogsAsync(server);
            File.Delete(keyFile);
        }
    }

    [Fact]
    public async Task TesseraSubmitGetsAGuestProvenByThreeNodeProcessesAndResumesFromItsStoreWithoutThem()
    {
        using var server = new NatsServer();
        var dir = Directory.CreateTempSubdirectory("tessera-submit-");
        var nodes = new List<Process>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                nodes.Add(Start("node", "--nats", server.Url, "--key", Path.Combine(dir.FullName, $"node{i}.key"), "--max-po2", "13", "--insecure-test-parameters"));
            }

            await Task.WhenAll(nodes.Select(n => ReadyAsync(n)));

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
            foreach (var node in nodes.Where(n => !n.HasExited))
            {
                node.Kill();
            }

            await WriteLogsAsync(server);
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
        var ids = new Dictionary<string, string>();
        try
        {
            for (var i = 0; i < drills.Length; i++)
            {
                string[] args = ["node", "--nats", server.Url, "--key", Path.Combine(dir.FullName, $"node{i}.key"), "--max-po2", "13", "--insecure-test-parameters"];
                nodes.Add(Start(drills[i] is { } d ? [.. args, "--drill", d] : args));
            }

            // They warm up side by side: one after another took 30 s of a loaded machine's time.
            var ready = await Task.WhenAll(nodes.Select(n => ReadyAsync(n)));
            for (var i = 0; i < drills.Length; i++)
            {
                ids[drills[i] ?? "honest"] = ready[i];
            }

            var (elf, records, report, circuit, job) = Sha256Job(2000);

            using var store = JobStore.Open(Path.Combine(dir.FullName, "jobs.sqlite"));
            await using var transport = await NatsTransport.ConnectAsync(server.Url, "owner");
            var owner = Owner(transport, circuit, store);
            // A liveness bound, not a speed target: 35 s with three busy loops beside it, longer when
            // every test project runs at once on two cores.
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(8));
            var outcome = await owner.RunAsync(job, cancellation: limit.Token);
            output.WriteLine(outcome.Report.ToString());

            // The receipt is whole and valid, and the report names each cheat by what it did.
            var receipt = SegmentTasks.Assemble(circuit, outcome, report.Journal);
            var verified = receipt.Verify(Zkvm.ImageId.Of(elf), Tessera.Stark.Fri.ProofParameters.Test);
            Assert.Equal(report.Journal, verified.Journal);
            Assert.Equal(records.Count, verified.Segments);
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
            foreach (var node in nodes.Where(n => !n.HasExited))
            {
                node.Kill();
            }

            await WriteLogsAsync(server);
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

    /// <summary>A job owner verifying real receipts at the test parameters, patient with nodes on a loaded machine.</summary>
    private JobOwner Owner(ITransport transport, Tessera.Circuit.Rv32imCircuit circuit, JobStore store) =>
        new(new Peer(NodeKey.Generate(), transport, TimeProvider.System, new TestLogger(output)),
            new ReceiptVerifier(circuit, Tessera.Stark.Fri.ProofParameters.Test), store, TimeProvider.System, new TestLogger(output),
            new SchedulerOptions { HeartbeatTimeout = TimeSpan.FromSeconds(10), NodeTimeout = TimeSpan.FromSeconds(20), LateFactor = 10 });

    /// <summary>
    /// Waits until a node process has said its id and warmed up (it advertises right after); returns
    /// its id. Unless told not to, reads the rest of what it prints from then on (see <see cref="logs"/>).
    /// </summary>
    private async Task<string> ReadyAsync(Process node, bool drain = true)
    {
        var first = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("node ", first);
        var warm = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.StartsWith("warmed up in ", warm);
        if (drain)
        {
            lock (logs)
            {
                logs.Add((node.Id, node.StandardOutput.ReadToEndAsync()));
            }
        }

        return first!["node ".Length..];
    }

    /// <summary>Writes what the (stopped) node processes and the server logged to the test's output.</summary>
    private async Task WriteLogsAsync(NatsServer server)
    {
        foreach (var (pid, log) in logs)
        {
            var text = await log.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            output.WriteLine($"--- node process {pid}:");
            output.WriteLine(text);
        }

        output.WriteLine("--- nats-server:");
        output.WriteLine(server.Log);
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
