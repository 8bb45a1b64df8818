package com.interview.api.auth;

import java.time.Duration;

/**
 * Token settings.
 *
 * @param secret     HS256 secret (never logged)
 * @param accessTtl  access token lifetime
 * @param refreshTtl refresh token lifetime
 */
public record JwtConfig(String secret, Duration accessTtl, Duration refreshTtl) {
  @Override
  public String toString() {
    return "JwtConfig[secret=<" + secret.length() + " chars>, accessTtl=" + accessTtl + ", refreshTtl=" + refreshTtl + "]";
  }
}
