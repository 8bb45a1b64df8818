package com.interview.api.upload;

/**
 * The image formats an avatar may have, and what is done with each before it is stored.
 *
 * <p>PNG and JPEG are decoded and encoded again ({@link ImageReencoder}): only the pixels survive, so metadata
 * (EXIF with its GPS position, PNG text chunks), colour-profile tricks and polyglot payloads (a script or an
 * archive hidden in a chunk or after the end marker) are gone. GIF and WebP are stored as received: the JDK has
 * no WebP codec at all, and its GIF writer would keep only the first frame of an animation (and re-quantise the
 * palette). Both formats are still sniffed and their dimensions checked; what remains possible in them (comment
 * blocks, extra chunks) is inert because the proxy serves {@code /uploads/} with the sniffed type,
 * {@code X-Content-Type-Options: nosniff} and {@code Content-Security-Policy: default-src 'none'}.
 */
public enum ImageFormat {
  PNG("image/png", "png", true),
  JPEG("image/jpeg", "jpg", true),
  GIF("image/gif", "gif", false),
  WEBP("image/webp", "webp", false);

  private final String mediaType;
  private final String extension;
  private final boolean reencoded;

  ImageFormat(String mediaType, String extension, boolean reencoded) {
    this.mediaType = mediaType;
    this.extension = extension;
    this.reencoded = reencoded;
  }

  public String mediaType() {
    return mediaType;
  }

  /** The file-name extension the stored file gets (the proxy derives the served content type from it). */
  public String extension() {
    return extension;
  }

  /** Whether the image is decoded and encoded again before it is stored. */
  public boolean reencoded() {
    return reencoded;
  }
}
