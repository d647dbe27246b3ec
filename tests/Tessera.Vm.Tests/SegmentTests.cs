using Tessera.Vm.Elf;
using Tessera.Vm.Execution;
using Tessera.Vm.Guests;
using Tessera.Vm.Segments;

namespace Tessera.Vm.Tests;

public class SegmentTests
{
    public static TheoryData<string, int> Guests()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in new[] { "sha256", "sort", "loop" })
        {
            for (var po2 = 13; po2 <= 18; po2++)
            {
                data.Add(name, po2);
            }
        }

        return data;
    }

    private static (ElfProgram Program, byte[] Input) Guest(string name) => name switch
    {
        "loop" => (ElfProgram.Parse(LoopGuest.Build(8_000, 4 * 1024)), []),
        "sha256" => (ElfProgram.Load(Examples.Path("sha256")), Examples.Input("sha256", 4000)),
        _ => (ElfProgram.Load(Examples.Path(name)), Examples.Input(name, 1000)),
    };

    [Theory]
    [MemberData(nameof(Guests))]
    public void SegmentsReplayFromTheirSerializedRecordsAndChainFromTheImageId(string name, int po2)
    {
        var (program, input) = Guest(name);
        var records = new List<byte[]>();
        var report = Executor.Run(program, input, new ExecutionOptions { Po2 = po2, KeepRecords = true }, r => records.Add(SegmentCodec.Serialize(r)));

        using var plain = new Machine(program, input);
        plain.Run(long.MaxValue);
        Assert.Equal(plain.Cycles, report.UserCycles);
        Assert.Equal(plain.Journal.ToArray(), report.Journal);
        Assert.Equal(plain.Registers.ToArray(), report.Final.Registers);
        Assert.Equal(records.Count, report.Segments);
        Assert.True(report.Segments > 1 || po2 >= 17, $"{name} should need several segments at po2 {po2}");

        var expectedPre = report.ImageId;
        long user = 0, paging = 0;
        var journal = new List<byte>();
        SystemState? last = null;
        for (var i = 0; i < records.Count; i++)
        {
            var record = SegmentCodec.Deserialize(records[i]);
            Assert.Equal(i, record.Index);
            Assert.Equal(expectedPre, record.Pre.Digest);
            Assert.True(record.TotalCycles <= 1L << po2, $"segment {i}: {record.TotalCycles} cycles > 2^{po2}");
            Assert.Equal(i == records.Count - 1, record.Exited);
            var post = SegmentReplay.Verify(record);
            Assert.Equal(record.Post, post);
            expectedPre = post.Digest;
            user += record.UserCycles;
            paging += record.PagingCycles;
            journal.AddRange(record.Journal);
            last = post;
        }

        Assert.Equal(report.Final, last);
        Assert.Equal(report.UserCycles, user);
        Assert.Equal(report.PagingCycles, paging);
        Assert.Equal(report.Journal, journal.ToArray());
    }

    [Fact]
    public void TamperedRecordsAreRefused()
    {
        var (program, input) = Guest("sort");
        var records = new List<SegmentRecord>();
        Executor.Run(program, input, new ExecutionOptions { Po2 = 14, KeepRecords = true }, records.Add);
        var r = records[1];
        var data = (byte[])r.PageData.Clone();
        data[^1] ^= 1;
        Assert.Throws<InvalidSegmentException>(() => SegmentReplay.Verify(r with { PageData = data }));
        var regs = (uint[])r.Pre.Registers.Clone();
        regs[5] ^= 1;
        Assert.Throws<InvalidSegmentException>(() => SegmentReplay.Verify(r with { Pre = r.Pre with { Registers = regs } }));
        var postRegs = (uint[])r.Post.Registers.Clone();
        postRegs[6] ^= 1;
        Assert.Throws<InvalidSegmentException>(() => SegmentReplay.Verify(r with { Post = r.Post with { Registers = postRegs } }));
        Assert.Throws<InvalidSegmentException>(() => SegmentReplay.Verify(r with { UserCycles = r.UserCycles + 1 }));
        Assert.Throws<InvalidSegmentException>(() => SegmentReplay.Verify(r with { Proof = r.Proof[1..] }));
        var bytes = SegmentCodec.Serialize(r);
        Assert.Throws<InvalidSegmentException>(() => SegmentCodec.Deserialize(bytes.AsSpan(0, bytes.Length - 3)));
    }

    [Theory]
    [InlineData(12)]
    [InlineData(25)]
    [InlineData(0)]
    public void UnsupportedPo2IsRefused(int po2)
    {
        var (program, input) = Guest("loop");
        Assert.Throws<UnsupportedPo2Exception>(() => Executor.Run(program, input, new ExecutionOptions { Po2 = po2 }));
    }

    [Fact]
    public void ImageIdDependsOnTheProgramOnly()
    {
        var a = Executor.ImageId(ElfProgram.Parse(LoopGuest.Build(100)), Memory.PageLayout.Default);
        var b = Executor.ImageId(ElfProgram.Parse(LoopGuest.Build(100)), Memory.PageLayout.Default);
        var c = Executor.ImageId(ElfProgram.Parse(LoopGuest.Build(101)), Memory.PageLayout.Default);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        var report = Executor.Run(ElfProgram.Parse(LoopGuest.Build(100)), ReadOnlyMemory<byte>.Empty, new ExecutionOptions { Po2 = 13 });
        Assert.Equal(a, report.ImageId);
    }

    [Fact]
    public void RunawayGuestHitsMaxCyclesInSegmentedExecution()
    {
        var f = Assert.Throws<GuestFaultException>(() => Executor.Run(ElfProgram.Parse(LoopGuest.Build(1_000_000, 1024)), ReadOnlyMemory<byte>.Empty, new ExecutionOptions { Po2 = 14, MaxCycles = 100_000 }));
        Assert.Equal(FaultKind.CycleLimitExceeded, f.Kind);
    }

    [Fact]
    public void LoopGuestMatchesQemu()
    {
        var elf = LoopGuest.Build(5000, 4096);
        using var m = new Machine(ElfProgram.Parse(elf), ReadOnlyMemory<byte>.Empty);
        m.Run(long.MaxValue);
        Assert.InRange(m.Cycles - (5000L * LoopGuest.InstructionsPerIteration), 0, 40);
        var q = Qemu.Run(elf);
        Assert.Equal(0, q.ExitCode);
        Assert.Equal(q.Journal, m.Journal.ToArray());
    }
}
