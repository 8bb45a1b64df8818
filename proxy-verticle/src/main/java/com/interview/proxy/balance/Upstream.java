package com.interview.proxy.balance;

import com.interview.proxy.health.PassiveHealth;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One upstream server at run time, shared by every proxy instance of the JVM: its in-flight count (what
 * {@code least_conn} compares), passive health, active-check verdict and administrative state.
 */
public final class Upstream {

  /** What an operator asked of the server. */
  public enum Admin {
    /** Takes traffic. */
    ENABLED,
    /** Takes no new requests; those in flight finish. */
    DRAINING,
    /** Takes no requests at all. */
    DISABLED
  }

  private final ServerConfig config;
  private final int index;
  private final String host;
  private final int port;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final PassiveHealth passive;
  private volatile boolean activeUp = true;
  private volatile Admin admin = Admin.ENABLED;

  public Upstream(ServerConfig config, int index, boolean lone) {
    this.config = config;
    this.index = index;
    URI uri = URI.create(config.url());
    this.host = uri.getHost();
    this.port = uri.getPort();
    // nginx: a lone server is never marked down by failures (there is nothing else to try)
    this.passive = new PassiveHealth(lone ? 0 : config.maxFails(), config.failTimeout().toMillis());
  }

  public ServerConfig config() {
    return config;
  }

  /** Position in the configured list (stable id for admin endpoints and retry bookkeeping). */
  public int index() {
    return index;
  }

  public String url() {
    return config.url();
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public int weight() {
    return config.weight();
  }

  public boolean backup() {
    return config.backup();
  }

  public int inFlight() {
    return inFlight.get();
  }

  public void begin() {
    inFlight.incrementAndGet();
  }

  public void end() {
    inFlight.decrementAndGet();
  }

  public PassiveHealth passive() {
    return passive;
  }

  public boolean activeUp() {
    return activeUp;
  }

  public void activeUp(boolean up) {
    this.activeUp = up;
  }

  public Admin admin() {
    return admin;
  }

  public void admin(Admin state) {
    this.admin = state;
  }

  /** Whether a new request may go to this server now. */
  public boolean eligible(long nowMillis) {
    return admin == Admin.ENABLED && activeUp && passive.available(nowMillis);
  }

  /** up, down (failures or checks), draining, drained, disabled. */
  public String state(long nowMillis) {
    return switch (admin) {
      case DISABLED -> "disabled";
      case DRAINING -> inFlight.get() > 0 ? "draining" : "drained";
      case ENABLED -> activeUp && passive.available(nowMillis) ? "up" : "down";
    };
  }
}
