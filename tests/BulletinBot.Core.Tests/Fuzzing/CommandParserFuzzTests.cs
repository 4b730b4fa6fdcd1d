using BulletinBot.Core.Commands;
using CsCheck;

namespace BulletinBot.Core.Tests.Fuzzing;

public sealed class CommandParserFuzzTests
{
    [Fact]
    public void The_command_parser_never_throws_on_arbitrary_text() =>
        FuzzInput.Text.Sample(text => { _ = CommandParser.Parse(text); }, iter: FuzzInput.Iterations);
}
