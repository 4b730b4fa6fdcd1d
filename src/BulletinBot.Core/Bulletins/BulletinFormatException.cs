namespace BulletinBot.Core.Bulletins;

/// <summary>
/// The text is not a bulletin page at all: empty, binary, without a section header, or without a
/// single item. Problems with individual items are reported as warnings instead.
/// </summary>
public sealed class BulletinFormatException : FormatException
{
    public BulletinFormatException()
    {
    }

    public BulletinFormatException(string message)
        : base(message)
    {
    }

    public BulletinFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
