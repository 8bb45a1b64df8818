package com.interview.api.upload;

import io.vertx.core.buffer.Buffer;

/**
 * Width and height of an image read from its header bytes alone, before anything decodes a pixel: a
 * decompression bomb (a small file claiming 50000×50000 pixels, gigabytes once decoded) is refused from these
 * numbers and never reaches a decoder.
 *
 * <ul>
 *   <li>PNG: the {@code IHDR} chunk, which must come first (width, height: big-endian 32 bits).</li>
 *   <li>GIF: the logical screen descriptor (little-endian 16 bits).</li>
 *   <li>JPEG: the first start-of-frame marker ({@code SOF0..SOF15} but {@code DHT}, {@code JPG}, {@code DAC}),
 *       found by walking the marker segments.</li>
 *   <li>WebP: the first chunk — {@code VP8 } (lossy key frame), {@code VP8L} (lossless) or {@code VP8X}
 *       (extended: the canvas size).</li>
 * </ul>
 *
 * @param width  pixels across
 * @param height pixels down
 */
public record ImageDimensions(long width, long height) {

  /**
   * The dimensions {@code bytes} of {@code format} declare; null when the header is truncated or malformed
   * (then the bytes are not an image we can take).
   */
  public static ImageDimensions of(ImageFormat format, Buffer bytes) {
    try {
      return switch (format) {
        case PNG -> png(bytes);
        case GIF -> new ImageDimensions(u16le(bytes, 6), u16le(bytes, 8));
        case JPEG -> jpeg(bytes);
        case WEBP -> webp(bytes);
      };
    } catch (IndexOutOfBoundsException e) {
      return null; // the header ends early
    }
  }

  /** Whether the image fits in {@code max}×{@code max} and has at least one pixel. */
  public boolean within(long max) {
    return width > 0 && height > 0 && width <= max && height <= max;
  }

  private static ImageDimensions png(Buffer b) {
    // signature (8), then the first chunk: length (4), type (4) = IHDR, width (4), height (4)
    if (!"IHDR".equals(b.getString(12, 16, "US-ASCII"))) {
      return null;
    }
    return new ImageDimensions(b.getUnsignedInt(16), b.getUnsignedInt(20));
  }

  private static ImageDimensions jpeg(Buffer b) {
    int at = 2; // after SOI (FF D8)
    while (at + 4 <= b.length()) {
      if (b.getUnsignedByte(at) != 0xFF) {
        return null; // not a marker where one must be
      }
      int marker = b.getUnsignedByte(at + 1);
      if (marker == 0xFF) { // fill byte
        at++;
        continue;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // TEM, RSTn: no length
        at += 2;
        continue;
      }
      if (marker == 0xD9 || marker == 0xDA) { // EOI, or SOS (entropy-coded data) before any frame header
        return null;
      }
      int length = b.getUnsignedShort(at + 2);
      if (length < 2) {
        return null;
      }
      if (isStartOfFrame(marker)) {
        // length (2), precision (1), height (2), width (2)
        return new ImageDimensions(b.getUnsignedShort(at + 7), b.getUnsignedShort(at + 5));
      }
      at += 2 + length;
    }
    return null;
  }

  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static ImageDimensions webp(Buffer b) {
    String chunk = b.getString(12, 16, "US-ASCII"); // after "RIFF" size "WEBP"
    switch (chunk) {
      case "VP8X": // chunk size (4), flags (1), reserved (3), canvas width - 1 (24 bits LE), height - 1 (24 bits LE)
        return new ImageDimensions(u24le(b, 24) + 1, u24le(b, 27) + 1);
      case "VP8L": { // chunk size (4), signature 0x2F, then 14 bits width - 1, 14 bits height - 1 (LE bit order)
        if (b.getUnsignedByte(20) != 0x2F) {
          return null;
        }
        long bits = b.getUnsignedIntLE(21);
        return new ImageDimensions((bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1);
      }
      case "VP8 ": { // chunk size (4), frame tag (3), start code 9D 01 2A, width (14 bits LE), height (14 bits LE)
        if (b.getUnsignedByte(23) != 0x9D || b.getUnsignedByte(24) != 0x01 || b.getUnsignedByte(25) != 0x2A) {
          return null;
        }
        return new ImageDimensions(u16le(b, 26) & 0x3FFF, u16le(b, 28) & 0x3FFF);
      }
      default:
        return null;
    }
  }

  private static int u16le(Buffer b, int at) {
    return b.getUnsignedShortLE(at);
  }

  private static long u24le(Buffer b, int at) {
    return b.getUnsignedMediumLE(at);
  }
}
