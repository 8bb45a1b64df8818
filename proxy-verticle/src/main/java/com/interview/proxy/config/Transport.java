package com.interview.proxy.config;

/** How the proxy reaches the API: one forwarder interface, two transports. */
public enum Transport {
  /** HTTP over the (clustered) event bus to API verticles, in this JVM or any other. */
  EVENTBUS,
  /** HTTP/1.1 to the configured upstream servers (nginx-style). */
  HTTP
}
