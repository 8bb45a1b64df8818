package com.interview.app.launch;

import java.io.IOException;
import java.io.InputStream;
import java.util.logging.LogManager;

/** JUL configured from the jar's {@code logging.properties} unless the operator points at another file. */
public final class Logging {

  private Logging() {
  }

  public static void configure() {
    System.setProperty("hazelcast.logging.type", "jdk");
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.JULLogDelegateFactory");
    if (System.getProperty("java.util.logging.config.file") != null) {
      return;
    }
    try (InputStream in = Logging.class.getResourceAsStream("/logging.properties")) {
      if (in != null) {
        LogManager.getLogManager().readConfiguration(in);
      }
    } catch (IOException e) {
      System.err.println("logging: cannot read the built-in logging.properties (" + e.getMessage() + ")");
    }
  }
}
