package com.interview.app.config;

/** What one JVM runs. */
public enum Role {
  /** Proxy and API verticles in one JVM: requests cross the in-JVM event bus, no second HTTP hop. */
  ALL,
  /** Proxy verticles only: forwards to API verticles elsewhere (event bus or HTTP). */
  PROXY,
  /** API verticles only. */
  API;

  public boolean runsProxy() {
    return this != API;
  }

  public boolean runsApi() {
    return this != PROXY;
  }
}
