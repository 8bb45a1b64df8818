package com.interview.api.upload;

import io.vertx.core.buffer.Buffer;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;

/** Real images made in the test: ImageIO for PNG, JPEG and GIF; tiny valid WebP files as bytes. */
public final class TestImages {

  /** 1×1 lossless WebP (VP8L). */
  static final Buffer WEBP_LOSSLESS = base64("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
  /** 1×1 lossy WebP (VP8). */
  static final Buffer WEBP_LOSSY = base64("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");
  /** 1×1 animated WebP (VP8X canvas, one ANMF frame). */
  static final Buffer WEBP_EXTENDED = base64(
    "UklGRlIAAABXRUJQVlA4WAoAAAASAAAAAAAAAAAAQU5JTQYAAAD/////AABBTk1GJgAAAAAAAAAAAAAAAAAAAGQAAABWUDhMDQAAAC8AAAAQBxAREYiI/gcA");

  private TestImages() {
  }

  /** A {@code width}×{@code height} picture (a gradient and a disc) encoded as {@code format} by ImageIO. */
  public static Buffer image(String format, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    for (int x = 0; x < width; x++) {
      g.setColor(new Color(x * 255 / Math.max(1, width - 1), 80, 160));
      g.drawLine(x, 0, x, height);
    }
    g.setColor(Color.YELLOW);
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }

  /** {@code png} with a {@code tEXt} chunk ({@code key}, {@code text}) inserted after IHDR. */
  static Buffer withTextChunk(Buffer png, String key, String text) {
    byte[] data = (key + "\0" + text).getBytes(StandardCharsets.ISO_8859_1);
    int afterIhdr = 8 + 4 + 4 + 13 + 4;
    return Buffer.buffer().appendBuffer(png, 0, afterIhdr).appendBuffer(chunk("tEXt", data))
      .appendBuffer(png, afterIhdr, png.length() - afterIhdr);
  }

  /** A PNG chunk: length, type, data, CRC of type and data. */
  static Buffer chunk(String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    return Buffer.buffer().appendInt(data.length).appendBytes(typeBytes).appendBytes(data).appendUnsignedInt(crc.getValue());
  }

  /** A PNG that is only a header claiming {@code width}×{@code height}, a few IDAT bytes and IEND. */
  static Buffer pngClaiming(long width, long height) {
    Buffer ihdr = Buffer.buffer().appendUnsignedInt(width).appendUnsignedInt(height)
      .appendByte((byte) 8).appendByte((byte) 2).appendByte((byte) 0).appendByte((byte) 0).appendByte((byte) 0);
    return Buffer.buffer().appendBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})
      .appendBuffer(chunk("IHDR", ihdr.getBytes()))
      .appendBuffer(chunk("IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01}))
      .appendBuffer(chunk("IEND", new byte[0]));
  }

  /** {@code jpeg} with an EXIF APP1 segment carrying {@code text} inserted after the JFIF APP0 segment. */
  static Buffer withExif(Buffer jpeg, String text) {
    int app0Length = jpeg.getUnsignedShort(4); // FF D8, FF E0, length
    int after = 4 + app0Length;
    byte[] payload = ("Exif\0\0" + text).getBytes(StandardCharsets.ISO_8859_1);
    Buffer app1 = Buffer.buffer().appendByte((byte) 0xFF).appendByte((byte) 0xE1)
      .appendUnsignedShort(payload.length + 2).appendBytes(payload);
    return Buffer.buffer().appendBuffer(jpeg, 0, after).appendBuffer(app1).appendBuffer(jpeg, after, jpeg.length() - after);
  }

  /** Whether {@code haystack} contains {@code needle} (as ISO-8859-1 bytes). */
  static boolean contains(Buffer haystack, String needle) {
    return haystack.toString(StandardCharsets.ISO_8859_1).contains(needle);
  }

  private static Buffer base64(String s) {
    return Buffer.buffer(Base64.getDecoder().decode(s));
  }
}
