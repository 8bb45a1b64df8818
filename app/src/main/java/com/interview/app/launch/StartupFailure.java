package com.interview.app.launch;

import java.util.regex.Pattern;

/**
 * A start that cannot succeed for a reason the operator can fix (port taken, database unreachable). Its message
 * is the one line printed before exit code 1.
 */
public final class StartupFailure extends RuntimeException {

  private static final Pattern NATIVE_PREFIX =
    Pattern.compile("^.*?\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ");

  public StartupFailure(String message, Throwable cause) {
    super(message, cause, false, false);
  }

  /**
   * One line for a failure to listen on {@code host:port}, naming the variable that changes the port.
   */
  public static StartupFailure bind(String what, String host, int port, String variable, Throwable cause) {
    return new StartupFailure(what + ": cannot listen on " + host + ":" + port + " (" + reason(cause) + "); set "
      + variable + " to a free port", cause);
  }

  /** Whether {@code t} says the port needs privileges. */
  public static boolean isPermissionDenied(Throwable t) {
    return reason(t).toLowerCase(java.util.Locale.ROOT).contains("permission denied");
  }

  /** The innermost message of {@code t}, on one line. */
  public static String reason(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    msg = msg.replaceAll("\\s+", " ").strip();
    // Netty's native transport: "bind(..) failed: Address already in use", or in Netty 4.2
    // "bind(..) failed with error(-98): Address already in use" — the operator needs the last part, as NIO says it
    return NATIVE_PREFIX.matcher(msg).replaceFirst("");
  }
}
