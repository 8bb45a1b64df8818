package com.interview.proxy.request;

import com.interview.proxy.chain.ProxyFailure;

/**
 * A request the edge refuses before any filter's policy or any forwarder sees it, with the answer it gets: thrown
 * by the {@link StrictRequestDecoder} (it becomes the decoder result of an invalid request or body) and by the
 * request rules ({@link RequestTarget}, {@link HostRule}). Carries no stack trace: it is an answer, not a bug.
 */
public final class RequestRefused extends IllegalArgumentException {

  private final transient ProxyFailure failure;

  public RequestRefused(ProxyFailure failure) {
    super(failure.detail());
    this.failure = failure;
  }

  /** A 400 with {@code code}. */
  public static RequestRefused badRequest(String code, String detail) {
    return new RequestRefused(ProxyFailure.badRequest(code, detail));
  }

  public ProxyFailure failure() {
    return failure;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
