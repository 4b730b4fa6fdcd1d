using System.Text;
using BulletinBot.Core.Secrets;

namespace BulletinBot.Composition;

/// <summary>
/// Writes whole lines to another writer with every secret masked. The redactor is made only when a line is written,
/// so a run that prints no error never reads the configuration for it; one that cannot be read has nothing to mask.
/// </summary>
internal sealed class RedactingLineWriter(TextWriter inner, Func<SecretRedactor> redactor) : TextWriter
{
    private SecretRedactor? _redactor;

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => inner.Write(Redactor().Redact(value.ToString()));

    public override void WriteLine(string? value) => inner.WriteLine(Redactor().Redact(value));

    public override Task WriteLineAsync(string? value) => inner.WriteLineAsync(Redactor().Redact(value));

    public override Task WriteAsync(string? value) => inner.WriteAsync(Redactor().Redact(value));

    public override Task FlushAsync() => inner.FlushAsync();

    private SecretRedactor Redactor()
    {
        if (_redactor is null)
        {
            try
            {
                _redactor = redactor();
            }
            catch (Exception exception) when (exception is InvalidDataException or FormatException or IOException)
            {
                _redactor = SecretRedactor.None;
            }
        }

        return _redactor;
    }
}
