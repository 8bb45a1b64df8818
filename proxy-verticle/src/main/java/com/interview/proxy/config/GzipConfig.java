package com.interview.proxy.config;

import java.util.List;

/**
 * Response compression (nginx {@code gzip on; gzip_comp_level; gzip_min_length; gzip_types}).
 *
 * @param enabled   compress at all
 * @param level     deflate level 1..9
 * @param minLength bodies with a known length below this stay uncompressed
 * @param types     content types (without parameters) that are compressed
 */
public record GzipConfig(boolean enabled, int level, int minLength, List<String> types) {
  public GzipConfig {
    types = List.copyOf(types);
  }
}
