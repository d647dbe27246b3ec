using System.CommandLine;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using OpenTelemetry.Metrics;

using Tessera.Network;
using Tessera.Network.Identity;
using Tessera.Network.Node;
using Tessera.Network.Work;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera node</c>: run a prover node that takes segments from job owners over NATS.</summary>
internal static class NodeCommand
{
    private static readonly Option<string> Nats = new("--nats")
    {
        Description = "NATS server URL(s), comma-separated for a cluster.",
        Required = true,
    };

    private static readonly Option<int> MaxPo2 = new("--max-po2")
    {
        Description = "The largest segment (log2 of cycles) this node takes.",
        DefaultValueFactory = _ => 20,
    };

    private static readonly Option<int> Workers = new("--workers")
    {
        Description = "Segments proven at once.",
        DefaultValueFactory = _ => 1,
    };

    private static readonly Option<FileInfo> Key = new("--key")
    {
        Description = "The node's key file (created when absent). Its public key's hash is the node's id.",
        DefaultValueFactory = _ => new FileInfo(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".tessera", "node.key")),
    };

    private static readonly Option<double> Hz = new("--proving-hz")
    {
        Description = "Advertised speed, rows per second per worker (until measured by `tessera bench`).",
        DefaultValueFactory = _ => 1 << 14,
    };

    private static readonly Option<int> MetricsPort = new("--metrics-port")
    {
        Description = "Serve Prometheus metrics on http://127.0.0.1:PORT/metrics (0: off).",
        DefaultValueFactory = _ => 0,
    };

    private static readonly Option<bool> Insecure = ProofOptions.InsecureTestParameters();

    public static Command Create()
    {
        var command = new Command("node", "Run a prover node: advertise, take segments that fit, prove them, return receipts. Stops cleanly on Ctrl-C or SIGTERM.")
        {
            Nats,
            MaxPo2,
            Workers,
            Key,
            Hz,
            MetricsPort,
            Insecure,
        };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parse)
    {
        var error = parse.InvocationConfiguration.Error;
        var keyFile = parse.GetValue(Key)!;
        NodeKey key;
        try
        {
            keyFile.Directory?.Create();
            key = NodeKey.LoadOrCreate(keyFile.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }

        var options = new ProverNodeOptions
        {
            MaxPo2 = parse.GetValue(MaxPo2),
            Workers = Math.Max(1, parse.GetValue(Workers)),
            ProvingHz = parse.GetValue(Hz),
        };
        parse.InvocationConfiguration.Output.WriteLine($"node {key.Id.ToHex()}");

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });

        // Every task is an rv32im segment proven into a segment receipt bound to its assignment.
        ISegmentWork work = new ReceiptWork(ProofOptions.Parameters(parse.GetValue(Insecure)));
        var metricsPort = parse.GetValue(MetricsPort);
        if (metricsPort > 0)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(m => m
                .AddMeter(NetworkMetrics.MeterName)
                .AddPrometheusHttpListener(o =>
                {
                    o.Host = "127.0.0.1";
                    o.Port = metricsPort;
                }));
        }

        var url = parse.GetValue(Nats)!;
        builder.Services.AddHostedService(sp => new ProverNodeService(url, key, work, options, sp.GetRequiredService<ILogger<ProverNodeService>>()));
        using var host = builder.Build();
        host.Run();
        return 0;
    }
}
