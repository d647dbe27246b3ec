using Tessera.Vm.Elf;
using Tessera.Vm.Segments;
using Tessera.Vm.Tests;

using Xunit.Abstractions;

namespace Tessera.Circuit.Tests.Paging;

/// <summary>
/// The executor cuts segments by a cycle budget that charges paging (<see cref="PagingCost"/>); the
/// circuit's paging tables are the real cost. The charge must never be below the real count, or a
/// segment the executor sized would not fit what the circuit proves at that po2.
/// </summary>
public sealed class PagingCostTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("fibonacci", 100, 13)]
    [InlineData("sha256", 200, 13)]
    [InlineData("sort", 60, 13)]
    [InlineData("sort", 300, 14)]
    public void The_executors_paging_charge_bounds_the_circuits_paging_permutations(string name, int size, int po2)
    {
        var elf = ElfProgram.Parse(Examples.Elf(name));
        var records = new List<SegmentRecord>();
        Executor.Run(elf, Examples.Input(name, size), new ExecutionOptions { Po2 = po2, KeepRecords = true }, records.Add);
        var circuit = Rv32imCircuit.For(elf);
        long real = 0, charged = 0;
        foreach (var record in records)
        {
            var rows = circuit.PagingRows(record);
            var charge = record.PagingCycles + PagingCost.FixedPerSegment;
            Assert.True(rows.Permutations <= charge,
                $"segment {record.Index}: the circuit hashes {rows.Permutations} permutations for {record.Pages.Length} pages, the executor charged {charge}");
            Assert.Equal(record.Pages.Length * 32, rows.PageRows); // 512-byte pages, 16 bytes a row
            real += rows.Permutations;
            charged += charge;
        }

        output.WriteLine($"{name} po2 {po2}: {records.Count} segments, {real} real paging permutations, {charged} charged ({(double)charged / real:F2}x)");
        Assert.True(charged < 2 * real, $"the charge {charged} is more than twice the real {real}");
    }
}
