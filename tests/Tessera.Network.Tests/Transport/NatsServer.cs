using System.Diagnostics;

namespace Tessera.Network.Tests.Transport;

/// <summary>
/// A real nats-server on loopback, started and stopped through scripts/nats.sh (which installs
/// Debian's package when missing). Fails loudly when it cannot start: never a silent skip.
/// </summary>
public sealed class NatsServer : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), $"tessera-nats-{Guid.NewGuid():N}");

    public NatsServer(params string[] args)
    {
        var (code, output, error) = Script("start", args);
        if (code != 0 || !output.StartsWith("nats://", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"could not start nats-server with scripts/nats.sh (exit {code}): {error}{output}");
        }

        Url = output.Trim();
    }

    public string Url { get; }

    /// <summary>The route URL other servers join a cluster by, when started with --cluster.</summary>
    public string ClusterUrl
    {
        get
        {
            var ports = Directory.GetFiles(dir, "*.ports").Single();
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(ports));
            return doc.RootElement.GetProperty("cluster")[0].GetString()!;
        }
    }

    public int Port => new Uri(Url).Port;

    /// <summary>What the server has logged so far.</summary>
    public string Log
    {
        get
        {
            try
            {
                return File.ReadAllText(Path.Combine(dir, "log"));
            }
            catch (IOException e)
            {
                return $"(no log: {e.Message})";
            }
        }
    }

    public void Dispose()
    {
        Script("stop", []);
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private (int Code, string Output, string Error) Script(string command, string[] args)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Tessera.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(root, "scripts", "nats.sh"), command, dir }.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            p.Kill();
            throw new TimeoutException("scripts/nats.sh did not finish");
        }

        return (p.ExitCode, output.Result, error.Result);
    }
}
