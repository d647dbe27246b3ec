using System.Buffers.Binary;

namespace Tessera.Rollup.Tests.Guests;

/// <summary>The committed guests on Tessera's own executor: no cross toolchain or qemu needed.</summary>
public class ExecutorGuestTests
{
    private static readonly string Rollup = GuestTools.Elf("rollup/bin/rollup.elf");
    private static readonly string RollupNoSig = GuestTools.Elf("rollup/bin/rollup-nosig.elf");

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(10, 0)]
    [InlineData(10, 4)]
    [InlineData(100, 0)]
    [InlineData(100, 12)]
    public void Rollup_journal_equals_the_oracle(int transfers, int invalid)
    {
        var block = BlockGenerator.Generate(new BlockOptions(30, transfers, invalid, Seed: 3000 + transfers + invalid));
        var run = Executor.Run(Rollup, block.Bytes);
        Assert.Equal(RollupFormat.ExitOk, run.ExitCode);
        Assert.Equal(block.Expected.Encode(), run.Journal);
    }

    [Theory]
    [InlineData(10, 4)]
    [InlineData(100, 12)]
    public void NoSig_journal_equals_the_oracle(int transfers, int invalid)
    {
        var block = BlockGenerator.Generate(new BlockOptions(30, transfers, invalid, Seed: 4000 + transfers, CheckSignatures: false));
        var run = Executor.Run(RollupNoSig, block.Bytes);
        Assert.Equal(RollupFormat.ExitOk, run.ExitCode);
        Assert.Equal(block.Expected.Encode(), run.Journal);
    }

    [Fact]
    public void Tampered_blocks_abort_without_a_journal()
    {
        var block = BlockGenerator.Generate(new BlockOptions(10, 4, 0, Seed: 8));
        var witness = (byte[])block.Bytes.Clone();
        witness[RollupFormat.SenderWitnessOffset(1) + Account.Size + 3] ^= 4;
        var r = Executor.Run(Rollup, witness);
        Assert.Equal(RollupFormat.ExitBadWitness, r.ExitCode);
        Assert.Empty(r.Journal);

        var amount = (byte[])block.Bytes.Clone();
        var at = (int)RollupFormat.EntryOffset(3) + 8;
        BinaryPrimitives.WriteUInt64LittleEndian(amount.AsSpan(at), BinaryPrimitives.ReadUInt64LittleEndian(amount.AsSpan(at)) + 1);
        r = Executor.Run(Rollup, amount);
        Assert.Equal(RollupFormat.ExitBadWitness, r.ExitCode);
        Assert.Empty(r.Journal);

        r = Executor.Run(Rollup, block.Bytes[..^1]);
        Assert.Equal(RollupFormat.ExitMalformed, r.ExitCode);
        Assert.Empty(r.Journal);
    }

    [Fact]
    public void Crypto_vectors_pass_on_the_executor()
    {
        var run = Executor.Run(GuestTools.Elf("crypto/bin/crypto-vectors.elf"), ReadOnlyMemory<byte>.Empty);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Enumerable.Repeat((byte)1, 29).ToArray(), run.Journal);
    }

    [Fact]
    public void Example_guests_run_on_the_executor()
    {
        var fib = Executor.Run(GuestTools.Elf("examples/bin/fibonacci.elf"), new byte[] { 90, 0, 0, 0 });
        Assert.Equal(2880067194370816120UL, BinaryPrimitives.ReadUInt64LittleEndian(fib.Journal)); // fib(90), OEIS A000045
        var sha = Executor.Run(GuestTools.Elf("examples/bin/sha256.elf"), "abc"u8.ToArray());
        Assert.Equal(Convert.FromHexString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), sha.Journal);
        var sort = Executor.Run(GuestTools.Elf("examples/bin/sort.elf"), new byte[] { 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0 });
        Assert.Equal(new byte[] { 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0 }, sort.Journal);
    }
}
