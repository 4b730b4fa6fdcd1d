using BulletinBot.Core.Secrets;

namespace BulletinBot.Composition;

/// <summary>
/// Puts every entry of another provider (the console's) through the <see cref="SecretRedactor"/>: the formatted
/// message and the exception's whole text, causes and stack included. The entry reaches the inner logger as its
/// redacted text only, so no formatter can print a structured value that still holds a secret.
/// </summary>
internal sealed class RedactingLoggerProvider(ILoggerProvider inner, SecretRedactor redactor) : ILoggerProvider, ISupportExternalScope
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), redactor);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider)
    {
        if (inner is ISupportExternalScope scoped)
        {
            scoped.SetScopeProvider(scopeProvider);
        }
    }

    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger inner, SecretRedactor redactor) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var message = redactor.Redact(formatter(state, exception));
            inner.Log(logLevel, eventId, message, exception is null ? null : new RedactedException(redactor.Describe(exception)), static (text, _) => text);
        }
    }
}

/// <summary>An exception's text with its secrets masked: it prints as that text, and nothing else of the original is kept.</summary>
internal sealed class RedactedException : Exception
{
    private readonly string _text;

    public RedactedException(string text)
        : base(text) => _text = text;

    public RedactedException()
        : this(string.Empty)
    {
    }

    public RedactedException(string message, Exception innerException)
        : base(message, innerException) => _text = message;

    public override string ToString() => _text;
}
