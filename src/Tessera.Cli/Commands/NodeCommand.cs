using System.CommandLine;
using System.Diagnostics;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using OpenTelemetry.Metrics;

using Tessera.Circuit;
using Tessera.Network;
using Tessera.Network.Identity;
using Tessera.Network.Node;
using Tessera.Network.Work;
using Tessera.Stark.Fri;
using Tessera.Vm.Elf;
using Tessera.Vm.Guests;
using Tessera.Vm.Segments;
using Tessera.Zkvm;

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

    private static readonly Option<string?> DrillOption = new("--drill")
    {
        Description = "Misbehave on purpose, for network drills: garbage, other-segment, old-assignment, other-job, silent or slow[:N]. An honest owner must catch it.",
    };

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
            DrillOption,
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

        (Drill Drill, double SlowFactor)? drill = null;
        if (parse.GetValue(DrillOption) is { } drillText)
        {
            try
            {
                drill = DrillWork.Parse(drillText);
            }
            catch (FormatException e)
            {
                error.WriteLine($"error: --drill {e.Message}");
                return 2;
            }
        }

        var options = new ProverNodeOptions
        {
            MaxPo2 = parse.GetValue(MaxPo2),
            Workers = Math.Max(1, parse.GetValue(Workers)),
            ProvingHz = parse.GetValue(Hz),
        };
        var output = parse.InvocationConfiguration.Output;
        output.WriteLine($"node {key.Id.ToHex()}");
        var parameters = ProofOptions.Parameters(parse.GetValue(Insecure));
        output.WriteLine($"warmed up in {WarmUp(parameters).TotalSeconds:F1} s");

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });

        // Every task is an rv32im segment proven into a segment receipt bound to its assignment.
        ISegmentWork work = new ReceiptWork(parameters);
        if (drill is { } d)
        {
            work = new DrillWork(work, d.Drill, d.SlowFactor);
            output.WriteLine($"drill: this node misbehaves on purpose ({parse.GetValue(DrillOption)})");
        }

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

    /// <summary>
    /// A cold process proves its first segment several times slower than the next (the JIT compiles
    /// the prover as it goes), and an owner would call it late: prove one small segment of the
    /// synthetic loop guest (ALU, shifts, M, loads, stores, branches, ECALLs) before advertising.
    /// </summary>
    private static TimeSpan WarmUp(ProofParameters parameters)
    {
        var sw = Stopwatch.StartNew();
        var elf = ElfProgram.Parse(LoopGuest.Build(600, 4096));
        SegmentRecord? first = null;
        Executor.Run(elf, ReadOnlyMemory<byte>.Empty,
            new ExecutionOptions { Po2 = 13, KeepRecords = true }, r => first ??= r);
        ZkvmProver.ProveSegment(Rv32imCircuit.For(elf), first!, parameters);
        return sw.Elapsed;
    }
}
