using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;

using Microsoft.Extensions.Logging.Abstractions;

using OpenTelemetry;
using OpenTelemetry.Metrics;

using Tessera.Circuit;
using Tessera.Network;
using Tessera.Network.Identity;
using Tessera.Network.Owner;
using Tessera.Network.Protocol;
using Tessera.Network.Scheduling;
using Tessera.Network.Store;
using Tessera.Network.Transport;
using Tessera.Network.Work;
using Tessera.Vm;
using Tessera.Vm.Elf;
using Tessera.Vm.Execution;
using Tessera.Vm.Segments;
using Tessera.Zkvm;

namespace Tessera.Cli.Commands;

/// <summary>
/// <c>tessera submit</c>: own a proving job on the network: execute the guest, offer its segments
/// to the prover nodes on NATS, verify every returned segment receipt, and write the composite
/// receipt. Job state lives in a SQLite file, so running the same command again resumes.
/// </summary>
internal static class SubmitCommand
{
    private static readonly Argument<FileInfo> Elf = new("elf") { Description = "The guest: a static rv32im ELF." };

    private static readonly Option<FileInfo?> Input = new("--input") { Description = "File whose bytes the guest reads on fd 0." };

    private static readonly Option<string> Nats = new("--nats") { Description = "The NATS server's URL.", Required = true };

    private static readonly Option<int> Po2 = new("--po2") { Description = "log2 of the cycles per segment (13..24).", DefaultValueFactory = _ => 19 };

    private static readonly Option<FileInfo?> Out = new("--out") { Description = "Where to write the receipt (default: <elf name>.receipt here)." };

    private static readonly Option<FileInfo?> Store = new("--store") { Description = "The job state's SQLite file (default: the receipt's path + .jobs.sqlite)." };

    private static readonly Option<string> Policy = new("--policy")
    {
        Description = "adaptive (verify, re-assign and hedge), or replicate:K (K proofs per segment).",
        DefaultValueFactory = _ => "adaptive",
    };

    private static readonly Option<int> TimeoutMinutes = new("--timeout-minutes") { Description = "Give up after this long.", DefaultValueFactory = _ => 24 * 60 };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the result as JSON." };

    private static readonly Option<int> MetricsPort = new("--metrics-port")
    {
        Description = "Serve the owner's Prometheus metrics (segments verified / in flight, assignments, penalties, verify time) on http://127.0.0.1:PORT/metrics (0: off).",
        DefaultValueFactory = _ => 0,
    };

    private static readonly Option<bool> Insecure = ProofOptions.InsecureTestParameters();

    public static Command Create()
    {
        var command = new Command("submit", "Prove a guest on the network: segments offered to the prover nodes on NATS, every result verified, one receipt written.")
        {
            Elf, Input, Nats, Po2, Out, Store, Policy, TimeoutMinutes, Json, MetricsPort, Insecure,
        };
        command.SetAction((parse, cancellation) => RunAsync(parse, cancellation));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var elfFile = parse.GetRequiredValue(Elf);
        var outFile = parse.GetValue(Out) ?? new FileInfo(Path.GetFileNameWithoutExtension(elfFile.Name) + ".receipt");
        var storeFile = parse.GetValue(Store)?.FullName ?? outFile.FullName + ".jobs.sqlite";
        var parameters = ProofOptions.Parameters(parse.GetValue(Insecure));
        var po2 = parse.GetValue(Po2);
        SchedulingPolicy policy;
        try
        {
            policy = SchedulingPolicy.Parse(parse.GetValue(Policy)!);
        }
        catch (FormatException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }

        try
        {
            UnsupportedPo2Exception.ThrowIfUnsupported(po2);
            var program = ElfProgram.Load(elfFile.FullName);
            var input = parse.GetValue(Input) is { } file ? File.ReadAllBytes(file.FullName) : [];
            var circuit = Rv32imCircuit.For(program);
            var specs = new List<SegmentSpec>();
            var report = Executor.Run(program, input, new ExecutionOptions { Po2 = po2, KeepRecords = true }, r => specs.Add(SegmentTasks.Spec(circuit, r)));
            var imageId = ImageId.Of(program);
            var job = new SegmentJob(JobIdOf(imageId, input, po2, parameters), policy, specs);
            output.WriteLine($"job {job.Id}: {specs.Count} segments of {report.UserCycles:N0} cycles, offered on {parse.GetValue(Nats)}");

            var sw = Stopwatch.StartNew();
            using var store = JobStore.Open(storeFile);
            await using var transport = await NatsTransport.ConnectAsync(parse.GetValue(Nats)!, "owner", cancellation: cancellation);
            var owner = new JobOwner(new Peer(NodeKey.Generate(), transport, TimeProvider.System, NullLogger.Instance),
                new ReceiptVerifier(circuit, parameters), store, TimeProvider.System, NullLogger.Instance);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            limit.CancelAfter(TimeSpan.FromMinutes(parse.GetValue(TimeoutMinutes)));
            using var metrics = parse.GetValue(MetricsPort) is > 0 and var port
                ? Sdk.CreateMeterProviderBuilder().AddMeter(NetworkMetrics.MeterName).AddPrometheusHttpListener(o =>
                {
                    o.Host = "127.0.0.1";
                    o.Port = port;
                }).Build()
                : null;
            var outcome = await SubmitDisplay.RunAsync(output, progress => owner.RunAsync(job, progress, limit.Token));

            var receipt = SegmentTasks.Assemble(circuit, outcome, report.Journal);
            var verified = receipt.Verify(imageId, parameters);
            var bytes = ReceiptCodec.Encode(receipt);
            ReceiptFile.Write(outFile, bytes);
            var provers = outcome.Results.Select(r => r.Prover).Distinct().Count();
            var result = new SubmitResult(job.Id.ToString(), imageId.ToString(), outFile.FullName, bytes.Length, verified.Segments, verified.Cycles,
                verified.ExitCode, Convert.ToHexStringLower(verified.Journal), provers, outcome.Report.Offences.Sum(o => o.Value.Count), Math.Round(sw.Elapsed.TotalSeconds, 2));
            if (parse.GetValue(Json))
            {
                output.WriteLine(JsonSerializer.Serialize(result, CliJson.Options));
            }
            else
            {
                output.WriteLine($"receipt        {result.Receipt} ({result.ReceiptBytes:N0} bytes), verified");
                output.WriteLine($"image_id       {result.ImageId}");
                output.WriteLine($"segments       {result.Segments} from {provers} nodes, {result.Penalties} penalties");
                output.WriteLine($"exit_code      {result.ExitCode}");
                output.WriteLine($"journal        {result.Journal}");
                output.WriteLine($"seconds        {result.Seconds:F1}");
            }

            return 0;
        }
        catch (GuestFaultException e)
        {
            error.WriteLine($"error: the guest faulted, nothing was offered: {e.Message}");
            return 3;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine($"error: the job did not finish in time; its state is in {storeFile}, run the command again to resume");
            return 4;
        }
        catch (Exception e) when (e is InvalidElfException or UnsupportedPo2Exception or InvalidSegmentException or IOException or UnauthorizedAccessException or ReceiptException)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    /// <summary>The same guest, input, po2 and parameters make the same job, so a second run resumes the first.</summary>
    private static JobId JobIdOf(ImageId image, byte[] input, int po2, Stark.Fri.ProofParameters parameters)
    {
        var h = SHA256.HashData([.. image.Value.ToBytes(), .. SHA256.HashData(input), (byte)po2, (byte)parameters.NumQueries]);
        return new JobId(new Guid(h.AsSpan(0, 16)));
    }

}

/// <summary>What <c>tessera submit</c> reports.</summary>
internal sealed record SubmitResult(string Job, string ImageId, string Receipt, int ReceiptBytes, int Segments, ulong Cycles, uint ExitCode,
    string Journal, int Provers, int Penalties, double Seconds);
