namespace BulletinBot.Telegram.Receiving;

/// <summary>
/// The next update id to ask Telegram for, kept where a restart finds it (the LiteDB store), so a restart
/// neither repeats nor skips an update.
/// </summary>
public interface IUpdateOffsetStore
{
    int Load();

    void Save(int offset);
}
