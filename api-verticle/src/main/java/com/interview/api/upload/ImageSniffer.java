package com.interview.api.upload;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * Tells the format of an image from its first bytes (its magic number), never from the {@code Content-Type} a
 * client declares: an SVG, an HTML page or a script sent as {@code image/png} is not an image we store.
 *
 * <ul>
 *   <li>PNG: {@code 89 50 4E 47 0D 0A 1A 0A}</li>
 *   <li>JPEG: {@code FF D8 FF}</li>
 *   <li>GIF: {@code GIF87a} or {@code GIF89a}</li>
 *   <li>WebP: {@code RIFF}, four size bytes, {@code WEBP}</li>
 * </ul>
 */
public final class ImageSniffer {

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
  private static final byte[] GIF87 = "GIF87a".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] GIF89 = "GIF89a".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RIFF = "RIFF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] WEBP = "WEBP".getBytes(StandardCharsets.US_ASCII);

  private ImageSniffer() {
  }

  /** The format {@code bytes} start with, or null when they are none of the accepted ones. */
  public static ImageFormat sniff(Buffer bytes) {
    if (bytes == null) {
      return null;
    }
    if (startsWith(bytes, 0, PNG)) {
      return ImageFormat.PNG;
    }
    if (startsWith(bytes, 0, JPEG)) {
      return ImageFormat.JPEG;
    }
    if (startsWith(bytes, 0, GIF87) || startsWith(bytes, 0, GIF89)) {
      return ImageFormat.GIF;
    }
    if (startsWith(bytes, 0, RIFF) && startsWith(bytes, 8, WEBP)) {
      return ImageFormat.WEBP;
    }
    return null;
  }

  private static boolean startsWith(Buffer bytes, int offset, byte[] magic) {
    if (bytes.length() < offset + magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (bytes.getByte(offset + i) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
