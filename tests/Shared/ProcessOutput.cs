using System.Diagnostics;
using System.Text;

namespace BulletinBot.TestPages;

/// <summary>What a child process writes to stdout and stderr, line by line, kept for assertions and failure messages.</summary>
internal sealed class ProcessOutput
{
    private readonly StringBuilder text = new();

    public string Text
    {
        get
        {
            lock (text)
            {
                return text.ToString();
            }
        }
    }

    /// <summary>Starts reading both streams of a process started with them redirected.</summary>
    public void Follow(Process process)
    {
        process.OutputDataReceived += (_, line) => Add(line.Data);
        process.ErrorDataReceived += (_, line) => Add(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public void Clear()
    {
        lock (text)
        {
            text.Clear();
        }
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.AppendLine(line);
        }
    }
}
