package com.interview.api.upload;

/**
 * Avatar storage.
 *
 * @param dir     directory the images are written to (the proxy serves it at {@code /uploads/})
 * @param maxSize largest accepted image in bytes
 */
public record UploadsConfig(String dir, long maxSize) {
}
