package com.interview.proxy.accesslog;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes access-log lines off the event loops: proxy instances enqueue (never block), one daemon thread appends
 * to the file (or stdout) in batches. When the queue is full a line is dropped and counted rather than
 * slowing traffic. The file is opened in append mode, so logrotate's {@code copytruncate} works.
 */
public final class AccessLogWriter implements AutoCloseable {

  private static final int QUEUE = 65_536;
  private static final String STOP = "";

  private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong dropped = new AtomicLong();
  private final OutputStream out;
  private final Thread thread;

  private AccessLogWriter(OutputStream out) {
    this.out = out;
    this.thread = new Thread(this::run, "access-log");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** A writer for {@code config.path()}: {@code stdout} or a file (parent directories created). */
  public static AccessLogWriter open(AccessLogConfig config) throws IOException {
    if ("stdout".equals(config.path())) {
      return new AccessLogWriter(new java.io.FilterOutputStream(new FileOutputStream(java.io.FileDescriptor.out)) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
          flush(); // stdout stays open for everything else the process writes
        }
      });
    }
    Path file = Path.of(config.path());
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    return new AccessLogWriter(new FileOutputStream(file.toFile(), true));
  }

  /** Queues one line (without its newline); never blocks. */
  public void write(String line) {
    if (!queue.offer(line)) {
      dropped.incrementAndGet();
    }
  }

  /** Lines dropped because the writer could not keep up. */
  public long dropped() {
    return dropped.get();
  }

  private void run() {
    List<String> batch = new ArrayList<>(256);
    try (OutputStream o = new BufferedOutputStream(out, 1 << 16)) {
      while (true) {
        String first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, 4095);
        boolean stop = false;
        for (String line : batch) {
          if (line == STOP) {
            stop = true;
            break;
          }
          o.write(line.getBytes(StandardCharsets.UTF_8));
          o.write('\n');
        }
        batch.clear();
        o.flush();
        if (stop) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      System.err.println("access log: write failed, logging stops: " + e.getMessage());
    }
  }

  /** Writes what is queued, then stops. */
  @Override
  public void close() {
    try {
      queue.put(STOP);
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
