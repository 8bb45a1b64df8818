package com.interview.app.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line as this application reads it before the Vert.x launcher does: {@code -conf} is taken out
 * (the launcher reads JSON only; we read YAML or JSON with vertx-config), {@code --role} is ours, and
 * {@code -instances} and {@code -options} are noted (the first sets the proxy and API instance counts; the second
 * may choose the transport). Everything else goes to the launcher.
 *
 * @param conf      the {@code -conf} value, or null
 * @param role      the {@code --role} value, or null
 * @param instances the {@code -instances} value as written (checked by the configuration), or null
 * @param options   the {@code -options} value as written (JSON, or a JSON file's path), or null
 * @param remaining arguments for the launcher
 */
public record LaunchArgs(String conf, String role, String instances, String options, List<String> remaining) {

  public static LaunchArgs parse(String[] args) {
    String conf = null;
    String role = null;
    String instances = null;
    String options = null;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String lower = arg.toLowerCase(Locale.ROOT);
      String name = lower.contains("=") ? lower.substring(0, lower.indexOf('=')) : lower;
      boolean inline = lower.contains("=");
      switch (name) {
        case "-conf", "--conf" -> {
          conf = inline ? arg.substring(arg.indexOf('=') + 1) : value(args, ++i, arg);
          continue;
        }
        case "-role", "--role" -> {
          role = inline ? arg.substring(arg.indexOf('=') + 1) : value(args, ++i, arg);
          continue;
        }
        case "-instances", "--instances" -> {
          instances = inline ? arg.substring(arg.indexOf('=') + 1) : (i + 1 < args.length ? args[i + 1] : "");
        }
        case "-options", "--options" -> {
          options = inline ? arg.substring(arg.indexOf('=') + 1) : (i + 1 < args.length ? args[i + 1] : "");
        }
        default -> {
        }
      }
      rest.add(arg);
    }
    return new LaunchArgs(conf, role, instances, options, List.copyOf(rest));
  }

  /**
   * Whether the transport is chosen on the command line: {@code preferNativeTransport} in the {@code -options} JSON
   * (inline, or in the file it names) or the launcher's {@code -Dvertx.options.preferNativeTransport}. If not, this
   * application prefers Netty's native epoll transport (measured cheaper per request; Vert.x falls back to NIO where
   * it is not available).
   */
  public boolean transportChosen() {
    if (System.getProperty("vertx.options.preferNativeTransport") != null) {
      return true;
    }
    if (options == null) {
      return false;
    }
    String json = options.trim();
    if (!json.startsWith("{")) {
      try {
        json = Files.readString(Path.of(json));
      } catch (IOException | RuntimeException unreadable) {
        return false; // the launcher reports a bad -options itself
      }
    }
    return json.contains("\"preferNativeTransport\"");
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      return "";
    }
    return args[i];
  }
}
