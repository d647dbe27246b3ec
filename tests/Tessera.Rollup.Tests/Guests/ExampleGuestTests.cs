using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Tessera.Rollup.Tests.Guests;

public class ExampleGuestTests
{
    private static readonly string Fibonacci = GuestTools.Elf("examples/bin/fibonacci.elf");
    private static readonly string Sha256Elf = GuestTools.Elf("examples/bin/sha256.elf");
    private static readonly string Sort = GuestTools.Elf("examples/bin/sort.elf");

    [GuestFact]
    public void Committed_elfs_are_what_the_sources_build()
    {
        var (code, output, err) = GuestTools.Run("make", "-C", GuestTools.GuestDir, "--no-print-directory", "-j4", "check");
        Assert.True(code == 0, $"make -C guest check failed ({code}):\n{output}\n{err}");
        Assert.DoesNotContain("DIFF", output);
    }

    [GuestTheory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(2u)]
    [InlineData(90u)]
    [InlineData(1000u)]
    public void Fibonacci_commits_fib_n_mod_2_64(uint n)
    {
        var input = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(input, n);
        var run = Qemu.Run(Fibonacci, input);
        Assert.Equal(0, run.ExitCode);
        ulong a = 0, b = 1;
        for (var i = 0u; i < n; i++)
        {
            (a, b) = (b, unchecked(a + b));
        }

        Assert.Equal(a, BinaryPrimitives.ReadUInt64LittleEndian(run.Journal));
        Assert.Equal(8, run.Journal.Length);
        Assert.Equal($"fib({n}) = {a}\n", run.Stdout);
    }

    [GuestFact]
    public void Sha256_matches_dotnet_on_padding_edges_and_long_input()
    {
        var rng = new Random(7);
        foreach (var len in new[] { 0, 3, 55, 56, 63, 64, 65, 119, 4095, 4096, 4097, 100_000 })
        {
            var input = new byte[len];
            rng.NextBytes(input);
            var run = Qemu.Run(Sha256Elf, input);
            Assert.Equal(0, run.ExitCode);
            Assert.Equal(SHA256.HashData(input), run.Journal);
        }
    }

    [GuestFact]
    public void Sha256_abc_known_answer()
    {
        var run = Qemu.Run(Sha256Elf, "abc"u8);
        Assert.Equal(Convert.FromHexString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), run.Journal);
    }

    [GuestFact]
    public void Sort_commits_the_input_sorted()
    {
        var rng = new Random(11);
        foreach (var n in new[] { 0, 1, 2, 1023, 1024, 1025, 5000 })
        {
            var values = new uint[n];
            for (var i = 0; i < n; i++)
            {
                values[i] = i % 7 == 0 ? uint.MaxValue - (uint)rng.Next(3) : (uint)rng.NextInt64(0, 1L << 32);
            }

            var input = new byte[4 * n];
            for (var i = 0; i < n; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(input.AsSpan(4 * i), values[i]);
            }

            var run = Qemu.Run(Sort, input);
            Assert.Equal(0, run.ExitCode);
            Array.Sort(values);
            var got = new uint[run.Journal.Length / 4];
            for (var i = 0; i < got.Length; i++)
            {
                got[i] = BinaryPrimitives.ReadUInt32LittleEndian(run.Journal.AsSpan(4 * i));
            }

            Assert.Equal(values, got);
        }
    }

    [GuestFact]
    public void Sort_rejects_a_partial_word()
    {
        var run = Qemu.Run(Sort, [1, 0, 0, 0, 2, 0]);
        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Journal);
    }

    [GuestFact]
    public void Committed_elfs_are_rv32im_without_compressed_code_inside_guest_memory()
    {
        foreach (var elf in new[] { Fibonacci, Sha256Elf, Sort })
        {
            var bytes = File.ReadAllBytes(elf);
            Assert.Equal(0x7f, bytes[0]);
            Assert.Equal((byte)'E', bytes[1]);
            Assert.Equal(1, bytes[4]); // ELFCLASS32
            Assert.Equal(1, bytes[5]); // little-endian
            Assert.Equal(243, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(18))); // EM_RISCV
            var flags = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(36));
            Assert.Equal(0u, flags & 1); // EF_RISCV_RVC
            Assert.Equal(0x10000u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(24)));
            var phoff = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(28));
            var phentsize = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(42));
            var phnum = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(44));
            for (var i = 0; i < phnum; i++)
            {
                var ph = bytes.AsSpan((int)(phoff + (i * phentsize)));
                if (BinaryPrimitives.ReadUInt32LittleEndian(ph) != 1)
                {
                    continue; // not PT_LOAD
                }

                var vaddr = BinaryPrimitives.ReadUInt32LittleEndian(ph[8..]);
                var memsz = BinaryPrimitives.ReadUInt32LittleEndian(ph[20..]);
                Assert.InRange(vaddr, 0x10000u, 0x1000_0000u);
                Assert.InRange((ulong)vaddr + memsz, 0x10000ul, 0x1000_0000ul);
            }
        }
    }
}
