package com.interview.api.contract;

import io.vertx.core.http.HttpHeaders;

/**
 * The {@code Content-Security-Policy} of the API's answers. JSON and problem answers are data, never a page: nothing
 * may load, run or frame them ({@link #API}). The Swagger UI page of {@code GET /api} gets {@link #DOCS}, the least it
 * runs under: its script, style sheet and icons from {@code /api/docs/}, inline style attributes React sets, images
 * from {@code data:} and {@code blob:} URLs (its icons and downloaded answers), requests to this origin only.
 */
public final class ContentSecurity {

  public static final CharSequence HEADER = HttpHeaders.createOptimized("Content-Security-Policy");
  public static final CharSequence API = HttpHeaders.createOptimized("default-src 'none'; frame-ancestors 'none'");
  public static final CharSequence DOCS = HttpHeaders.createOptimized("default-src 'none'; script-src 'self'; "
    + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; "
    + "form-action 'self'; frame-ancestors 'none'");

  private ContentSecurity() {
  }

  /** Gives {@code response} the API policy unless its handler chose one. */
  static ApiResponse apply(ApiResponse response) {
    if (!response.headers().contains(HEADER)) {
      response.headers().set(HEADER, API);
    }
    return response;
  }
}
