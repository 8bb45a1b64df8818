package com.interview.api.upload;

import com.interview.api.common.ApiProblem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * Decodes a PNG or JPEG with {@code javax.imageio} and encodes its pixels again, so nothing but the pixels is
 * stored (see {@link ImageFormat} for why, and why GIF and WebP are not). Runs on a worker thread: decoding is
 * CPU work an event loop must never do. Callers check the dimensions first ({@link ImageDimensions}); the decoder
 * is chosen by the sniffed format, not by ImageIO's own guess, and checks them once more before reading pixels.
 */
public final class ImageReencoder {

  /** JPEG quality of the re-encoded image. */
  static final float JPEG_QUALITY = 0.9f;

  static {
    ImageIO.setUseCache(false); // decode in memory, never through temporary files
  }

  private final Vertx vertx;
  private final long maxDimension;

  public ImageReencoder(Vertx vertx, long maxDimension) {
    this.vertx = vertx;
    this.maxDimension = maxDimension;
  }

  /**
   * The re-encoded image; fails with 415 {@code unsupported_image} when the bytes do not decode, 422
   * {@code image_dimensions_too_large} when the decoder reads larger dimensions than the header check did.
   */
  public Future<Buffer> reencode(ImageFormat format, Buffer bytes) {
    return vertx.executeBlocking(() -> encode(format, decode(format, bytes.getBytes())), false);
  }

  private BufferedImage decode(ImageFormat format, byte[] bytes) throws IOException {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(format.mediaType());
    if (!readers.hasNext()) {
      throw new IllegalStateException("no ImageIO reader for " + format);
    }
    ImageReader reader = readers.next();
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true); // ignore metadata: it is not even parsed
      if (reader.getWidth(0) > maxDimension || reader.getHeight(0) > maxDimension) {
        throw UploadProblems.tooManyPixels(maxDimension);
      }
      return reader.read(0);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiProblem) {
        throw e;
      }
      throw UploadProblems.unreadable();
    } finally {
      reader.dispose();
    }
  }

  private static Buffer encode(ImageFormat format, BufferedImage image) throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByMIMEType(format.mediaType());
    if (!writers.hasNext()) {
      throw new IllegalStateException("no ImageIO writer for " + format);
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (format == ImageFormat.JPEG) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(JPEG_QUALITY);
      }
      writer.write(null, new IIOImage(image, null, null), param); // no metadata carried over
    } catch (IOException | RuntimeException e) {
      throw UploadProblems.unreadable(); // e.g. a JPEG whose colour model has no encoder (CMYK)
    } finally {
      writer.dispose();
    }
    return Buffer.buffer(bytes.toByteArray());
  }
}
