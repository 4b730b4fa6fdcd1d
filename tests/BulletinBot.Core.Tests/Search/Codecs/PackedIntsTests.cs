using BulletinBot.Core.Search.Codecs;
using BulletinBot.Core.Search.Index;
using CsCheck;

namespace BulletinBot.Core.Tests.Search.Codecs;

/// <summary>A block's document deltas packed at one width: every width and length round-trips, back
/// to back with what follows, and a damaged width is refused.</summary>
public sealed class PackedIntsTests
{
    [Fact]
    public void Any_values_at_any_width_come_back_and_leave_the_offset_after_them()
    {
        Gen.Int[0, 32].SelectMany(width => Gen.Int[1, TermPostings.BlockSize].SelectMany(count =>
                Gen.Int[0, int.MaxValue].Array[count].Select(values => (width, values))))
            .Sample(sample =>
            {
                var (width, raw) = sample;
                var mask = width == 32 ? -1 : (int)((1L << width) - 1);
                var values = raw.Select(v => v & mask & int.MaxValue).ToArray();
                var output = new GrowableArray<byte>(16);
                output.Add(0xAB);
                PackedInts.Write(output, values);
                output.Add(0xCD);
                var bytes = output.ToArray();

                var offset = 1;
                var read = new int[values.Length];
                PackedInts.Read(bytes, ref offset, read);
                Assert.Equal(values, read);
                Assert.Equal(0xCD, bytes[offset]);
                Assert.Equal(bytes.Length - 1, offset);
            }, iter: 2000);
    }

    [Fact]
    public void The_width_is_the_fewest_bits_that_hold_the_largest_value()
    {
        var output = new GrowableArray<byte>(16);
        PackedInts.Write(output, [1, 2, 3, 4, 5, 6, 7, 8]);
        var bytes = output.ToArray();

        Assert.Equal(4, bytes[0]);
        Assert.Equal(1 + 4, bytes.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    [InlineData(255)]
    public void A_width_out_of_range_is_corruption(byte width)
    {
        var bytes = new byte[64];
        bytes[0] = width;
        var offset = 0;

        Assert.Throws<IndexCorruptException>(() => PackedInts.Read(bytes, ref offset, new int[8]));
    }
}
