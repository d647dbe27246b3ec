using System.CommandLine;
using System.Text.Json;

using Tessera.Cli.Commands;
using Tessera.Vm.Elf;
using Tessera.Zkvm;

namespace Tessera.Cli.Tests;

/// <summary><c>tessera prove</c>, <c>verify</c> and <c>image-id</c> as a user runs them, good input and bad.</summary>
public sealed class ProveVerifyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tessera-cli-").FullName;

    private static string Fibonacci => Path.Combine(Repo.Root(), "guest", "examples", "bin", "fibonacci.elf");

    private static string Sort => Path.Combine(Repo.Root(), "guest", "examples", "bin", "sort.elf");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_proven_receipt_verifies_by_elf_and_by_image_id()
    {
        var receipt = ProveFibonacci();
        var prove = JsonDocument.Parse(receipt.Output).RootElement;
        Assert.True(File.Exists(prove.GetProperty("receipt").GetString()));

        var (code, id, _) = Invoke("image-id", Fibonacci);
        Assert.Equal(0, code);
        Assert.Equal(ImageId.Of(ElfProgram.Load(Fibonacci)).ToString(), id.Trim());
        Assert.Equal(prove.GetProperty("image_id").GetString(), id.Trim());

        foreach (var by in new[] { new[] { "--elf", Fibonacci }, ["--image-id", id.Trim()] })
        {
            var (vcode, text, err) = Invoke(["verify", receipt.Path, .. by, "--insecure-test-parameters", "--json"]);
            Assert.True(vcode == 0, err);
            var v = JsonDocument.Parse(text).RootElement;
            Assert.True(v.GetProperty("verified").GetBoolean());
            Assert.Equal(prove.GetProperty("journal").GetString(), v.GetProperty("journal").GetString());
            Assert.Equal(prove.GetProperty("cycles").GetUInt64(), v.GetProperty("cycles").GetUInt64());
            Assert.Equal(prove.GetProperty("segments").GetInt32(), v.GetProperty("segments").GetInt32());
        }

        var (tcode, plain, _) = Invoke("verify", receipt.Path, "--elf", Fibonacci, "--insecure-test-parameters");
        Assert.Equal(0, tcode);
        Assert.Contains("verified", plain, StringComparison.Ordinal);
        Assert.Contains("proven_bits", plain, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_program_s_image_id_other_parameters_and_damaged_receipts_are_rejected_with_status_1()
    {
        var receipt = ProveFibonacci();
        Rejected(["verify", receipt.Path, "--elf", Sort, "--insecure-test-parameters"], "not for image");
        Rejected(["verify", receipt.Path, "--elf", Fibonacci], "parameters");

        var bytes = File.ReadAllBytes(receipt.Path);
        var truncated = Path.Combine(_dir, "truncated.receipt");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        Rejected(["verify", truncated, "--elf", Fibonacci, "--insecure-test-parameters"], "truncated");

        var random = Path.Combine(_dir, "random.receipt");
        File.WriteAllBytes(random, [.. Enumerable.Range(0, 1000).Select(i => (byte)(i * 37))]);
        Rejected(["verify", random, "--elf", Fibonacci, "--insecure-test-parameters"], "magic");

        var flipped = Path.Combine(_dir, "flipped.receipt");
        bytes[^100] ^= 4;
        File.WriteAllBytes(flipped, bytes);
        Rejected(["verify", flipped, "--elf", Fibonacci, "--insecure-test-parameters"], "segment");
    }

    [Fact]
    public void Verify_wants_exactly_one_of_image_id_and_elf_and_a_valid_image_id()
    {
        var receipt = ProveFibonacci();
        Assert.Equal(2, Invoke("verify", receipt.Path).Code);
        Assert.Equal(2, Invoke("verify", receipt.Path, "--elf", Fibonacci, "--image-id", new string('0', 64)).Code);
        Assert.Equal(2, Invoke("verify", receipt.Path, "--image-id", "xyz").Code);
        Assert.Equal(2, Invoke("verify", Path.Combine(_dir, "missing.receipt"), "--elf", Fibonacci).Code);
    }

    [Fact]
    public void A_file_that_is_not_an_elf_gives_status_2_and_no_receipt()
    {
        var notElf = Path.Combine(_dir, "not.elf");
        File.WriteAllText(notElf, "this is not an ELF file");
        var output = Path.Combine(_dir, "not.receipt");
        var (code, _, err) = Invoke("prove", notElf, "--out", output, "--json");
        Assert.Equal(2, code);
        Assert.StartsWith("error:", err, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Equal(2, Invoke("image-id", notElf).Code);
    }

    [Fact]
    public void A_guest_that_faults_is_reported_with_status_3_and_no_receipt()
    {
        var output = Path.Combine(_dir, "fault.receipt");
        var input = Path.Combine(_dir, "fibonacci.in");
        File.WriteAllBytes(input, BitConverter.GetBytes(100_000));
        var (code, _, err) = Invoke("prove", Fibonacci, "--input", input, "--po2", "13", "--max-cycles", "1000", "--out", output, "--json", "--insecure-test-parameters");
        Assert.Equal(3, code);
        Assert.Contains("faulted", err, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Equal([input], Directory.GetFiles(_dir));
    }

    [Theory]
    [InlineData("12")]
    [InlineData("25")]
    public void A_po2_outside_13_to_24_gives_status_2(string po2)
    {
        var (code, _, err) = Invoke("prove", Fibonacci, "--po2", po2, "--out", Path.Combine(_dir, "x.receipt"), "--json");
        Assert.Equal(2, code);
        Assert.Contains("po2", err, StringComparison.Ordinal);
    }

    private (string Path, string Output) ProveFibonacci()
    {
        var path = Path.Combine(_dir, "fibonacci.receipt");
        var input = Path.Combine(_dir, "fibonacci.in");
        File.WriteAllBytes(input, BitConverter.GetBytes(100));
        var (code, output, err) = Invoke("prove", Fibonacci, "--input", input, "--po2", "13", "--out", path, "--json", "--insecure-test-parameters");
        Assert.True(code == 0, err);
        return (path, output);
    }

    private static void Rejected(string[] args, string reason)
    {
        var (code, _, err) = Invoke(args);
        Assert.Equal(1, code);
        Assert.StartsWith("rejected:", err, StringComparison.Ordinal);
        Assert.Contains(reason, err, StringComparison.Ordinal);
    }

    private static (int Code, string Output, string Error) Invoke(params string[] args)
    {
        var root = new RootCommand { ProveCommand.Create(), VerifyCommand.Create(), ImageIdCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var code = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
