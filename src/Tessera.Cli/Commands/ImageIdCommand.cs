using System.CommandLine;

using Tessera.Vm.Elf;
using Tessera.Zkvm;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera image-id</c>: the image ID a receipt of this ELF is verified against.</summary>
internal static class ImageIdCommand
{
    private static readonly Argument<FileInfo> Elf = new("elf") { Description = "The guest: a static rv32im ELF." };

    public static Command Create()
    {
        var command = new Command("image-id", "Print the guest's image ID: the digest of its code, page layout and entry state.") { Elf };
        command.SetAction(parse =>
        {
            try
            {
                parse.InvocationConfiguration.Output.WriteLine(ImageId.Of(ElfProgram.Load(parse.GetRequiredValue(Elf).FullName)));
                return 0;
            }
            catch (Exception e) when (e is InvalidElfException or IOException or UnauthorizedAccessException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
