package com.interview.app.launch;

import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * Log records to stdout, flushed per record. Stderr stays for the one line that says why a start failed, so an
 * operator (or a script) can read it without the log around it.
 */
public final class StdoutHandler extends StreamHandler {

  public StdoutHandler() {
    super(System.out, new SimpleFormatter());
  }

  @Override
  public synchronized void publish(LogRecord record) {
    super.publish(record);
    flush();
  }

  @Override
  public synchronized void close() {
    flush(); // never close System.out
  }
}
