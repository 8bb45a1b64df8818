package com.interview.app.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line as this application reads it before the Vert.x launcher does: {@code -conf} is taken out
 * (the launcher reads JSON only; we read YAML or JSON with vertx-config), {@code --role} is ours, and
 * {@code -instances} is noted (it sets the proxy and API instance counts). Everything else goes to the launcher.
 *
 * @param conf      the {@code -conf} value, or null
 * @param role      the {@code --role} value, or null
 * @param instances the {@code -instances} value as written (checked by the configuration), or null
 * @param remaining arguments for the launcher
 */
public record LaunchArgs(String conf, String role, String instances, List<String> remaining) {

  public static LaunchArgs parse(String[] args) {
    String conf = null;
    String role = null;
    String instances = null;
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
        default -> {
        }
      }
      rest.add(arg);
    }
    return new LaunchArgs(conf, role, instances, List.copyOf(rest));
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      return "";
    }
    return args[i];
  }
}
