package com.interview.api.upload;

import com.interview.api.common.ApiProblem;

/** The answers an avatar upload fails with, one place for their codes and wording. */
final class UploadProblems {

  private UploadProblems() {
  }

  /** 413 {@code image_too_large}: more bytes than {@code uploads.maxSize}. */
  static ApiProblem tooLarge(long maxSize) {
    return new ApiProblem(413, "image_too_large", "The image exceeds " + maxSize + " bytes.");
  }

  /** 415 {@code unsupported_image}: the bytes are not a PNG, JPEG, GIF or WebP (SVG is refused: it is a document). */
  static ApiProblem unsupported() {
    return new ApiProblem(415, "unsupported_image", "Send a PNG, JPEG, GIF or WebP image (the bytes are checked, not the Content-Type).");
  }

  /** 415 {@code unsupported_image}: the format is right but the image does not decode. */
  static ApiProblem unreadable() {
    return new ApiProblem(415, "unsupported_image", "The image could not be read; send a valid PNG, JPEG, GIF or WebP.");
  }

  /** 422 {@code image_dimensions_too_large}. */
  static ApiProblem tooManyPixels(long max) {
    return new ApiProblem(422, "image_dimensions_too_large", "The image is larger than " + max + "×" + max + " pixels.");
  }
}
