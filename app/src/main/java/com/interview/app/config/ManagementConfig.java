package com.interview.app.config;

import java.time.Duration;

/**
 * The management port.
 *
 * @param host          bind address
 * @param port          port of /metrics, /health*, /admin (0 = any free port)
 * @param healthTimeout each health check fails when slower than this
 * @param adminToken    bearer token of /admin; empty = /admin is off
 */
public record ManagementConfig(String host, int port, Duration healthTimeout, String adminToken) {

  public ManagementConfig withPort(int newPort) {
    return new ManagementConfig(host, newPort, healthTimeout, adminToken);
  }

  @Override
  public String toString() {
    return "ManagementConfig[host=" + host + ", port=" + port + ", healthTimeout=" + healthTimeout
      + ", adminToken=" + (adminToken.isEmpty() ? "off" : "<set>") + "]";
  }
}
