package com.interview.proxy.accesslog;

/**
 * Where the access log goes: {@code stdout}, {@code off}, or a file path (appended to).
 * Format: nginx {@code combined} plus upstream address and status, request and upstream time, request id.
 */
public record AccessLogConfig(String path) {
  public boolean enabled() {
    return !"off".equals(path);
  }
}
