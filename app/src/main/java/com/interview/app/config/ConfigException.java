package com.interview.app.config;

/**
 * A configuration value that cannot be used. Its message is the one line printed before exit code 2:
 * {@code proxy.limits.api.burst: -1 (expected: an integer >= 0)}.
 */
public final class ConfigException extends RuntimeException {

  private final String key;

  public ConfigException(String key, Object value, String expected) {
    super(key + ": " + show(value) + " (expected: " + expected + ")", null, false, false);
    this.key = key;
  }

  /** For secrets: names the key and the secret's length, never its value. */
  public static ConfigException secret(String key, int bytes, String expected) {
    return new ConfigException(key, new Redacted("<" + bytes + " bytes>"), expected);
  }

  private record Redacted(String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  /** The dotted path (or environment variable / option) that holds the bad value. */
  public String key() {
    return key;
  }

  private static String show(Object value) {
    if (value == null) {
      return "missing";
    }
    String s = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
