package com.interview.api.contract;

import io.vertx.core.http.HttpHeaders;

/**
 * The {@code WWW-Authenticate} challenge of every 401 (RFC 6750 §3): {@code Bearer}, with
 * {@code error="invalid_token"} when the request presented a bearer token and it was refused (invalid, expired,
 * revoked). Without a token (or for wrong credentials at login) the challenge carries no error code.
 */
final class BearerChallenge {

  static final CharSequence WWW_AUTHENTICATE = HttpHeaders.createOptimized("WWW-Authenticate");
  static final CharSequence NONE = HttpHeaders.createOptimized("Bearer");
  static final CharSequence INVALID_TOKEN = HttpHeaders.createOptimized("Bearer error=\"invalid_token\"");

  private BearerChallenge() {
  }

  /** Adds the challenge to a 401 {@code response}; other statuses pass unchanged. */
  static ApiResponse apply(ApiResponse response, boolean tokenRefused) {
    if (response.status() == 401 && !response.headers().contains(WWW_AUTHENTICATE)) {
      response.headers().set(WWW_AUTHENTICATE, tokenRefused ? INVALID_TOKEN : NONE);
    }
    return response;
  }
}
