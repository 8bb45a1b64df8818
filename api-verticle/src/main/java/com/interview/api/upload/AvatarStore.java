package com.interview.api.upload;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.FileSystem;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The avatar files in {@code uploads.dir}, which the proxy serves at {@code /uploads/}. A file is named by its
 * content — the SHA-256 of its bytes in hex plus the format's extension — so equal images share one file and a
 * name never changes meaning (caches may keep it forever). A file is written to a hidden temporary file in the
 * same directory and then moved over its name atomically: nobody ever reads a half-written avatar, and the
 * static route never serves the temporary (hidden files are not served). All file work is asynchronous (the
 * Vert.x file system runs it on workers); the hash is computed on a worker too.
 */
public final class AvatarStore {

  /** The URL path the proxy serves {@code uploads.dir} at. */
  public static final String URL_PREFIX = "/uploads/";
  private static final Pattern NAME = Pattern.compile("[0-9a-f]{64}\\.(png|jpg|gif|webp)");

  private final Vertx vertx;
  private final FileSystem fs;
  private final String dir;

  public AvatarStore(Vertx vertx, UploadsConfig config) {
    this.vertx = vertx;
    this.fs = vertx.fileSystem();
    this.dir = config.dir();
  }

  /** The URL {@code bytes} are served at once stored: {@code /uploads/<sha-256>.<ext>} (hashed on a worker). */
  public Future<String> urlOf(Buffer bytes, ImageFormat format) {
    return vertx.executeBlocking(() -> URL_PREFIX + sha256(bytes) + "." + format.extension(), false);
  }

  /** Stores {@code bytes} as the file behind {@code url} (from {@link #urlOf}): temporary file, then atomic move. */
  public Future<Void> store(Buffer bytes, String url) {
    String name = nameOf(url);
    if (name == null) {
      return Future.failedFuture(new IllegalArgumentException("not an avatar URL: " + url));
    }
    return fs.mkdirs(dir)
      .compose(v -> fs.createTempFile(dir, ".avatar-", ".tmp", "rw-r--r--"))
      .compose(temp -> fs.writeFile(temp, bytes)
        .compose(v -> fs.move(temp, Path.of(dir, name).toString(),
          new CopyOptions().setAtomicMove(true).setReplaceExisting(true)))
        .recover(e -> fs.delete(temp).otherwiseEmpty().compose(v -> Future.failedFuture(e))));
  }

  /**
   * Deletes the file behind {@code url} when it is one of ours ({@code /uploads/<sha-256>.<ext>}); anything else
   * (null, another URL) is left alone. A file already gone is fine. Never fails.
   */
  public Future<Void> delete(String url) {
    String name = nameOf(url);
    if (name == null) {
      return Future.succeededFuture();
    }
    return fs.delete(Path.of(dir, name).toString()).recover(e -> Future.succeededFuture());
  }

  /** The file name behind an avatar URL of ours, or null. */
  static String nameOf(String url) {
    if (url == null || !url.startsWith(URL_PREFIX)) {
      return null;
    }
    String name = url.substring(URL_PREFIX.length());
    return NAME.matcher(name).matches() ? name : null;
  }

  private static String sha256(Buffer bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.getBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JRE has SHA-256
    }
  }
}
