using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

using Tessera.Vm.Elf;
using Tessera.Zkvm;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera verify</c>: check a receipt against an image ID (given, or computed from the ELF).</summary>
internal static class VerifyCommand
{
    private static readonly Argument<FileInfo> Receipt = new("receipt") { Description = "The receipt file `tessera prove` wrote." };

    private static readonly Option<string?> ImageIdHex = new("--image-id") { Description = "The image ID (64 hex digits) the receipt must be for." };

    private static readonly Option<FileInfo?> Elf = new("--elf") { Description = "The guest ELF whose image ID the receipt must be for." };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the verdict as JSON." };

    private static readonly Option<bool> Insecure = ProofOptions.InsecureTestParameters();

    public static Command Create()
    {
        var command = new Command("verify", "Verify a receipt: verdict, exit code, journal, cycles, segments and proven security bits; a non-zero exit status on rejection.")
        {
            Receipt, ImageIdHex, Elf, Json, Insecure,
        };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parse)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var json = parse.GetValue(Json);
        var hex = parse.GetValue(ImageIdHex);
        var elf = parse.GetValue(Elf);
        if ((hex is null) == (elf is null))
        {
            error.WriteLine("error: give exactly one of --image-id HEX and --elf FILE");
            return 2;
        }

        ImageId imageId;
        try
        {
            imageId = hex is not null ? ImageId.Parse(hex) : ImageId.Of(ElfProgram.Load(elf!.FullName));
        }
        catch (Exception e) when (e is FormatException or InvalidElfException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }

        var file = parse.GetRequiredValue(Receipt);
        var sw = Stopwatch.StartNew();
        VerifyResult result;
        try
        {
            if (!file.Exists)
            {
                error.WriteLine($"error: {file.FullName} not found");
                return 2;
            }

            if (file.Length > ReceiptCodec.MaxReceiptBytes)
            {
                throw new InvalidReceiptException($"the receipt is {file.Length} bytes, more than {ReceiptCodec.MaxReceiptBytes}");
            }

            var accepted = ProofOptions.Parameters(parse.GetValue(Insecure));
            var run = Gc.WithoutFullCollections(() => ReceiptCodec.Decode(File.ReadAllBytes(file.FullName)).Verify(imageId, accepted));
            result = new VerifyResult(true, null, imageId.ToString(), run.ExitCode, Convert.ToHexStringLower(run.Journal), Printable(run.Journal),
                run.Cycles, run.Segments, run.ProvenBits, Math.Round(sw.Elapsed.TotalMilliseconds, 1));
        }
        catch (ReceiptException e)
        {
            result = new VerifyResult(false, e.Message, imageId.ToString(), null, null, null, null, null, null, Math.Round(sw.Elapsed.TotalMilliseconds, 1));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }

        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(result, CliJson.Options));
        }
        else if (result.Verified)
        {
            output.WriteLine($"verified       receipt for image {result.ImageId}");
            output.WriteLine($"exit_code      {result.ExitCode}");
            output.WriteLine($"journal        {result.Journal}");
            if (result.JournalText is { } text)
            {
                output.WriteLine($"journal_text   {text}");
            }

            output.WriteLine($"cycles         {result.Cycles:N0}");
            output.WriteLine($"segments       {result.Segments}");
            output.WriteLine($"proven_bits    {result.ProvenBits}");
            output.WriteLine($"verify_ms      {result.VerifyMs:F1}");
        }
        else
        {
            error.WriteLine($"rejected: {result.Reason}");
        }

        return result.Verified ? 0 : 1;
    }

    /// <summary>The journal as text when it is printable UTF-8, else null.</summary>
    private static string? Printable(byte[] journal)
    {
        try
        {
            var s = new UTF8Encoding(false, true).GetString(journal);
            return s.All(c => !char.IsControl(c) || c is '\n' or '\t') ? s : null;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}

/// <summary>What <c>tessera verify</c> reports; the fields after the reason are null on rejection.</summary>
internal sealed record VerifyResult(bool Verified, string? Reason, string ImageId, uint? ExitCode, string? Journal, string? JournalText,
    ulong? Cycles, int? Segments, int? ProvenBits, double VerifyMs);
