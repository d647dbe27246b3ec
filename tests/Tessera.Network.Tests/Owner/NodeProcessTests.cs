using System.Diagnostics;

using Tessera.Network.Store;
using Tessera.Network.Tests.Transport;
using Tessera.Network.Transport;

using Xunit.Abstractions;

namespace Tessera.Network.Tests.Owner;

/// <summary>A real <c>tessera node</c> process against a real nats-server.</summary>
[Collection(NetworkCollection.Name)]
public sealed class NodeProcessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ATesseraNodeProcessJoinsDeclinesWhatItCannotProveAndStopsCleanly()
    {
        using var server = new NatsServer();
        var keyFile = Path.Combine(Path.GetTempPath(), $"tessera-node-{Guid.NewGuid():N}.key");
        var metricsPort = FreePort();
        using var node = Start("node", "--nats", server.Url, "--key", keyFile, "--max-po2", "16", "--metrics-port", metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            var first = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.StartsWith("node ", first);
            var id = first!["node ".Length..];

            using var store = JobStore.Open(":memory:");
            await using var cluster = new Cluster(async name => await NatsTransport.ConnectAsync(server.Url, name), new TestLogger(output));
            await cluster.AddNodeAsync();
            var outcome = await cluster.RunAsync(Cluster.Job(8), store);
            Assert.Equal(8, outcome.Results.Count);

            // When the process was heard in time it was offered work, and it said why it declined.
            var declined = outcome.Report.Events.Where(e => e.What == "declined" && e.Node?.ToHex() == id).ToList();
            Assert.All(declined, e => Assert.Contains("cannot prove", e.Detail));

            // Noise into its inbox is dropped, counted, and served to Prometheus.
            await using var noise = await NatsTransport.ConnectAsync(server.Url, "noise");
            using var http = new HttpClient();
            var metrics = "";
            for (var i = 0; i < 100 && !metrics.Contains("tessera_messages_dropped", StringComparison.Ordinal); i++)
            {
                await noise.PublishAsync(Subjects.Inbox(NodeId.FromBytes(Convert.FromHexString(id))), new byte[] { 1, 2, 3 });
                await Task.Delay(100);
                metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"));
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

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    private static Process Start(params string[] args)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Tessera.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

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
