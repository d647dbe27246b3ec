namespace Tessera.Vm.Elf;

/// <summary>An ELF file that Tessera cannot run, with the reason.</summary>
public sealed class InvalidElfException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidElfException(ElfError reason, string message)
        : base(message) => Reason = reason;

    /// <summary>Creates the exception with a generic message.</summary>
    public InvalidElfException()
        : this(ElfError.NotElf, "not an ELF file")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidElfException(string message)
        : this(ElfError.NotElf, message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public InvalidElfException(string message, Exception innerException)
        : base(message, innerException) => Reason = ElfError.NotElf;

    /// <summary>The kind of problem found.</summary>
    public ElfError Reason { get; }
}
