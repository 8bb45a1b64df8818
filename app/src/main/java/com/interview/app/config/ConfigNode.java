package com.interview.app.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A map of the configuration tree that knows its dotted path, reads typed values and reports
 * every bad or unknown key as a {@link ConfigException} naming the key, the value and what was expected.
 * Call {@link #done()} after reading a map: keys nobody read are typos, and typos stop start-up.
 */
public final class ConfigNode {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)([kmg]?)b?");

  private final String path;
  private final JsonObject json;
  private final Set<String> read = new LinkedHashSet<>();

  public ConfigNode(String path, JsonObject json) {
    this.path = path;
    this.json = json;
  }

  /** The dotted path of {@code key} under this node. */
  public String key(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public boolean has(String key) {
    return json.getValue(key) != null;
  }

  public ConfigNode node(String key) {
    Object v = value(key);
    if (!(v instanceof JsonObject)) {
      throw new ConfigException(key(key), v, "a map");
    }
    return new ConfigNode(key(key), (JsonObject) v);
  }

  /** The keys of this map, for maps whose keys are names (zones, headers). */
  public Set<String> keys() {
    read.addAll(json.fieldNames());
    return new TreeSet<>(json.fieldNames());
  }

  public String string(String key) {
    Object v = value(key);
    if (v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    throw new ConfigException(key(key), v, "a string");
  }

  public String string(String key, String fallback) {
    return has(key) ? string(key) : mark(key, fallback);
  }

  public boolean bool(String key) {
    Object v = value(key);
    if (v instanceof Boolean b) {
      return b;
    }
    if ("true".equals(v) || "false".equals(v)) {
      return Boolean.parseBoolean((String) v);
    }
    throw new ConfigException(key(key), v, "true or false");
  }

  public boolean bool(String key, boolean fallback) {
    return has(key) ? bool(key) : mark(key, fallback);
  }

  public int integer(String key, int min, int max) {
    Object v = value(key);
    long n;
    if (v instanceof Integer || v instanceof Long) {
      n = ((Number) v).longValue();
    } else if (v instanceof String s && s.matches("-?\\d{1,10}")) {
      n = Long.parseLong(s);
    } else {
      throw new ConfigException(key(key), v, range(min, max));
    }
    if (n < min || n > max) {
      throw new ConfigException(key(key), v, range(min, max));
    }
    return (int) n;
  }

  public int integer(String key, int min, int max, int fallback) {
    return has(key) ? integer(key, min, max) : mark(key, fallback);
  }

  public int port(String key) {
    return integer(key, 0, 65535);
  }

  /** A duration such as {@code 500ms}, {@code 30s}, {@code 15m}, {@code 1h}, {@code 7d}; a bare number is seconds. */
  public Duration duration(String key) {
    Object v = value(key);
    String s = v == null ? "" : v.toString().trim().toLowerCase(Locale.ROOT);
    if (v instanceof Number || s.matches("\\d{1,9}")) {
      return Duration.ofSeconds(Long.parseLong(s));
    }
    Matcher m = DURATION.matcher(s);
    if (!m.matches() || m.group(1).length() > 9) {
      throw new ConfigException(key(key), v, "a duration such as 500ms, 30s, 15m, 1h or 7d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  public Duration duration(String key, Duration fallback) {
    return has(key) ? duration(key) : mark(key, fallback);
  }

  /** A positive duration (zero and negative numbers refused). */
  public Duration positiveDuration(String key) {
    Duration d = duration(key);
    if (d.isZero() || d.isNegative()) {
      throw new ConfigException(key(key), value(key), "a duration above zero such as 500ms or 30s");
    }
    return d;
  }

  /** A size in bytes, nginx style: {@code 512}, {@code 64k}, {@code 5m}, {@code 1g}. */
  public long size(String key) {
    Object v = value(key);
    String s = v == null ? "" : v.toString().trim().toLowerCase(Locale.ROOT);
    Matcher m = SIZE.matcher(s);
    if (!m.matches() || m.group(1).length() > 12) {
      throw new ConfigException(key(key), v, "a size such as 512, 64k, 5m or 1g");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "k" -> n << 10;
      case "m" -> n << 20;
      case "g" -> n << 30;
      default -> n;
    };
  }

  public long size(String key, long fallback) {
    return has(key) ? size(key) : mark(key, fallback);
  }

  /** One of {@code allowed}, compared case-insensitively, returned lower-case. */
  public String oneOf(String key, String... allowed) {
    String s = string(key).toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(s)) {
        return s;
      }
    }
    throw new ConfigException(key(key), value(key), String.join(" | ", allowed));
  }

  /** A value parsed by {@code parser}, whose {@link IllegalArgumentException} message says what was expected. */
  public <T> T parsed(String key, Function<String, T> parser) {
    String s = string(key);
    try {
      return parser.apply(s);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key(key), value(key), e.getMessage());
    }
  }

  public List<String> strings(String key) {
    Object v = value(key);
    if (v instanceof String s) { // a comma list is accepted where a list is expected
      List<String> out = new ArrayList<>();
      for (String part : s.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
      return out;
    }
    if (!(v instanceof JsonArray a)) {
      throw new ConfigException(key(key), v, "a list");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      Object item = a.getValue(i);
      if (!(item instanceof String || item instanceof Number)) {
        throw new ConfigException(key(key) + "[" + i + "]", item, "a string");
      }
      out.add(item.toString());
    }
    return out;
  }

  public List<String> strings(String key, List<String> fallback) {
    return has(key) ? strings(key) : mark(key, fallback);
  }

  /** A list of maps, each read as a node named {@code key[i]}. */
  public List<ConfigNode> nodes(String key) {
    Object v = value(key);
    if (!(v instanceof JsonArray a)) {
      throw new ConfigException(key(key), v, "a list of maps");
    }
    List<ConfigNode> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      Object item = a.getValue(i);
      if (!(item instanceof JsonObject o)) {
        throw new ConfigException(key(key) + "[" + i + "]", item, "a map");
      }
      out.add(new ConfigNode(key(key) + "[" + i + "]", o));
    }
    return out;
  }

  /** Fails on the first key of this map that nothing read: a typo must not pass silently. */
  public void done() {
    for (String k : json.fieldNames()) {
      if (!read.contains(k)) {
        throw new ConfigException(key(k), json.getValue(k), "no such key; known here: " + String.join(", ", read));
      }
    }
  }

  private Object value(String key) {
    read.add(key);
    Object v = json.getValue(key);
    if (v == null) {
      throw new ConfigException(key(key), null, "a value");
    }
    return v;
  }

  private <T> T mark(String key, T fallback) {
    read.add(key);
    return fallback;
  }

  private static String range(int min, int max) {
    if (max == Integer.MAX_VALUE) {
      return "an integer >= " + min;
    }
    return "an integer " + min + ".." + max;
  }
}
