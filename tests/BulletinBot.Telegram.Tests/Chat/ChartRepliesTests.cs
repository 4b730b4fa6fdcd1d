using System.Buffers.Binary;
using BulletinBot.Core.Commands;
using BulletinBot.Telegram.Chat;
using BulletinBot.Telegram.Rendering;
using BulletinBot.Telegram.Tests.Fakes;
using BulletinBot.Telegram.Tests.Support;
using Telegram.Bot;

namespace BulletinBot.Telegram.Tests.Chat;

/// <summary>A chart goes to Telegram as a photo: sendPhoto as multipart/form-data, a PNG and an HTML caption within Telegram's limits.</summary>
public sealed class ChartRepliesTests : IAsyncLifetime
{
    private readonly InstantTimeProvider time = new();
    private FakeBotApi fake = null!;

    public async Task InitializeAsync() => fake = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    private ChatReplies Replies() => new(Clients.For(Clients.Options(fake), time));

    private static ChartReply Chart(string title = "Items per month matching “talks & <news>”", string caption = "Total: 5 (January 2018 to March 2018).") =>
        new(title, "Month", "Items", ChartPeriod.Month,
            [new(new DateOnly(2018, 1, 1), "Jan 2018", 3), new(new DateOnly(2018, 2, 1), "Feb 2018", 0), new(new DateOnly(2018, 3, 1), "Mar 2018", 2)],
            caption);

    [Fact]
    public async Task A_chart_is_one_photo_uploaded_as_multipart_with_its_title_as_the_caption()
    {
        var message = await Replies().SendAsync(-100123, 77, 5, Chart(), CancellationToken.None);

        var call = Assert.Single(fake.Calls, c => c.Method is "sendPhoto" or "sendMessage");
        Assert.Equal("sendPhoto", call.Method);
        Assert.True(call.Multipart);
        var photo = Assert.Single(call.Files);
        Assert.Equal(ChartReply.FileName, photo.FileName);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], photo.Bytes[..8]);
        Assert.Equal(Charts.ChartPicture.Width, BinaryPrimitives.ReadInt32BigEndian(photo.Bytes.AsSpan(16, 4)));
        Assert.Equal("<b>Items per month matching “talks &amp; &lt;news&gt;”</b>\nTotal: 5 (January 2018 to March 2018).", (string?)call.Body["caption"]);
        Assert.Equal("HTML", (string?)call.Body["parse_mode"], ignoreCase: true);
        Assert.Equal("77", call.Body["message_thread_id"]?.ToString());
        Assert.Equal("-100123", call.ChatId);
        Assert.Equal(call.MessageId, message!.MessageId);
        Assert.NotNull(message.Photo);
    }

    [Fact]
    public async Task A_caption_longer_than_Telegram_allows_is_cut_to_fit()
    {
        await Replies().SendAsync(42, null, null, Chart(new string('t', 2000) + " & <b>", new string('c', 3000)), CancellationToken.None);

        var call = Assert.Single(fake.CallsTo("sendPhoto"));
        Assert.True(TelegramHtml.TryParse((string)call.Body["caption"]!, out var length, out _));
        Assert.InRange(length, 1, FakeBotMethods.MaxCaptionLength);
        Assert.InRange(ChartCaption.Html(Chart(new string('x', 5000), new string('y', 5000))).Length, 1, ChartCaption.MaxLength);
    }

    [Fact]
    public async Task The_fake_refuses_a_photo_past_Telegram_s_limits_so_the_test_above_can_fail()
    {
        var client = Clients.For(Clients.Options(fake), time);
        using var notAnImage = new MemoryStream("not a png"u8.ToArray());
        using var png = new MemoryStream(Charts.ChartPicture.Png(Chart()));

        var refusedImage = await Assert.ThrowsAsync<global::Telegram.Bot.Exceptions.ApiRequestException>(() =>
            client.SendPhoto(42, global::Telegram.Bot.Types.InputFile.FromStream(notAnImage, "chart.png")));
        var refusedCaption = await Assert.ThrowsAsync<global::Telegram.Bot.Exceptions.ApiRequestException>(() =>
            client.SendPhoto(42, global::Telegram.Bot.Types.InputFile.FromStream(png, "chart.png"), new string('c', FakeBotMethods.MaxCaptionLength + 1)));

        Assert.Contains("IMAGE_PROCESS_FAILED", refusedImage.Message, StringComparison.Ordinal);
        Assert.Contains("caption is too long", refusedCaption.Message, StringComparison.Ordinal);
    }
}
