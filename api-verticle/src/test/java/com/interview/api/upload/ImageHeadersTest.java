package com.interview.api.upload;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Sniffing and header dimensions on real images, crafted headers and non-images. */
class ImageHeadersTest {

  @Test
  void sniffsTheFourFormatsFromTheirBytes() {
    assertThat(ImageSniffer.sniff(TestImages.image("png", 3, 2))).isEqualTo(ImageFormat.PNG);
    assertThat(ImageSniffer.sniff(TestImages.image("jpeg", 3, 2))).isEqualTo(ImageFormat.JPEG);
    assertThat(ImageSniffer.sniff(TestImages.image("gif", 3, 2))).isEqualTo(ImageFormat.GIF);
    assertThat(ImageSniffer.sniff(Buffer.buffer("GIF87a......"))).isEqualTo(ImageFormat.GIF);
    assertThat(ImageSniffer.sniff(TestImages.WEBP_LOSSLESS)).isEqualTo(ImageFormat.WEBP);
  }

  @Test
  void refusesSvgTextAndLookAlikes() {
    assertThat(ImageSniffer.sniff(Buffer.buffer("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"))).isNull();
    assertThat(ImageSniffer.sniff(Buffer.buffer("<?xml version=\"1.0\"?><svg/>"))).isNull();
    assertThat(ImageSniffer.sniff(Buffer.buffer("hello, I am text"))).isNull();
    assertThat(ImageSniffer.sniff(Buffer.buffer("RIFF\0\0\0\0WAVEfmt "))).isNull(); // RIFF, but audio
    assertThat(ImageSniffer.sniff(Buffer.buffer("GIF88a"))).isNull();
    assertThat(ImageSniffer.sniff(Buffer.buffer(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))).isNull(); // cut short
    assertThat(ImageSniffer.sniff(Buffer.buffer())).isNull();
  }

  @Test
  void readsDimensionsOfRealImages() {
    assertThat(ImageDimensions.of(ImageFormat.PNG, TestImages.image("png", 37, 21))).isEqualTo(new ImageDimensions(37, 21));
    assertThat(ImageDimensions.of(ImageFormat.JPEG, TestImages.image("jpeg", 37, 21))).isEqualTo(new ImageDimensions(37, 21));
    assertThat(ImageDimensions.of(ImageFormat.GIF, TestImages.image("gif", 37, 21))).isEqualTo(new ImageDimensions(37, 21));
    assertThat(ImageDimensions.of(ImageFormat.WEBP, TestImages.WEBP_LOSSLESS)).isEqualTo(new ImageDimensions(1, 1));
    assertThat(ImageDimensions.of(ImageFormat.WEBP, TestImages.WEBP_LOSSY)).isEqualTo(new ImageDimensions(1, 1));
    assertThat(ImageDimensions.of(ImageFormat.WEBP, TestImages.WEBP_EXTENDED)).isEqualTo(new ImageDimensions(1, 1));
  }

  @Test
  void jpegMetadataBeforeTheFrameHeaderIsSkipped() {
    Buffer jpeg = TestImages.withExif(TestImages.image("jpeg", 640, 480), "x".repeat(5000));
    assertThat(ImageDimensions.of(ImageFormat.JPEG, jpeg)).isEqualTo(new ImageDimensions(640, 480));
  }

  @Test
  void hugeClaimsAreReadFromTheHeaderAlone() {
    ImageDimensions png = ImageDimensions.of(ImageFormat.PNG, TestImages.pngClaiming(50_000, 50_000));
    assertThat(png).isEqualTo(new ImageDimensions(50_000, 50_000));
    assertThat(png.within(4096)).isFalse();

    Buffer gif = Buffer.buffer("GIF89a").appendUnsignedShortLE(65_000).appendUnsignedShortLE(2);
    assertThat(ImageDimensions.of(ImageFormat.GIF, gif)).isEqualTo(new ImageDimensions(65_000, 2));

    // SOI, SOF0 (length 17, precision 8, height 30000, width 20000)
    Buffer jpeg = Buffer.buffer(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 17, 8})
      .appendUnsignedShort(30_000).appendUnsignedShort(20_000).appendBytes(new byte[12]);
    assertThat(ImageDimensions.of(ImageFormat.JPEG, jpeg)).isEqualTo(new ImageDimensions(20_000, 30_000));

    Buffer vp8x = Buffer.buffer("RIFF").appendIntLE(30).appendString("WEBPVP8X").appendIntLE(10)
      .appendInt(0).appendMediumLE(16_383).appendMediumLE(9_999);
    assertThat(ImageDimensions.of(ImageFormat.WEBP, vp8x)).isEqualTo(new ImageDimensions(16_384, 10_000));
  }

  @Test
  void truncatedOrMalformedHeadersHaveNoDimensions() {
    assertThat(ImageDimensions.of(ImageFormat.PNG, TestImages.pngClaiming(10, 10).slice(0, 18))).isNull();
    Buffer notIhdr = TestImages.pngClaiming(10, 10).copy();
    notIhdr.setBytes(12, "tEXt".getBytes(StandardCharsets.US_ASCII));
    assertThat(ImageDimensions.of(ImageFormat.PNG, notIhdr)).isNull();
    assertThat(ImageDimensions.of(ImageFormat.JPEG, Buffer.buffer(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}))).isNull();
    assertThat(ImageDimensions.of(ImageFormat.GIF, Buffer.buffer("GIF89a"))).isNull();
    assertThat(ImageDimensions.of(ImageFormat.WEBP, Buffer.buffer("RIFF\0\0\0\0WEBPVP8Z\0\0\0\0"))).isNull();
    assertThat(new ImageDimensions(0, 10).within(4096)).isFalse();
    assertThat(new ImageDimensions(4096, 4096).within(4096)).isTrue();
  }
}
