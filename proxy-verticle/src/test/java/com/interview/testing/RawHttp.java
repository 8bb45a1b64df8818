package com.interview.testing;

import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plain {@link Socket} speaking HTTP/1.1 by hand, for what a real client would refuse or normalise: ambiguous
 * framing, half-sent heads, raw paths, and checking that the server closed the connection. Blocking, with a read
 * timeout so a test never hangs.
 */
public final class RawHttp implements AutoCloseable {

  private static final int READ_TIMEOUT_MS = 15_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RawHttp(int port) {
    this(null, port);
  }

  /** A connection from {@code localAddress} (e.g. {@code 127.0.0.2}: another client), null for any. */
  public RawHttp(String localAddress, int port) {
    try {
      socket = new Socket();
      if (localAddress != null) {
        socket.bind(new java.net.InetSocketAddress(localAddress, 0));
      }
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      socket.setTcpNoDelay(true);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens a connection, sends {@code request} (ISO-8859-1), reads one response. */
  public static Response exchange(int port, String request) {
    try (RawHttp raw = new RawHttp(port)) {
      return raw.send(request).read();
    }
  }

  /** Writes {@code text} as ISO-8859-1 bytes and flushes. */
  public RawHttp send(String text) {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RawHttp send(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one response (body framed by Content-Length, chunked, or the end of the connection). */
  public Response read() {
    return read(false);
  }

  /** Reads one response; {@code head}: the response to a HEAD request, which has no body whatever it says. */
  public Response read(boolean head) {
    try {
      String statusLine = line();
      if (statusLine == null) {
        throw new AssertionError("the server closed the connection without a response");
      }
      String[] parts = statusLine.split(" ", 3);
      int status = Integer.parseInt(parts[1]);
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (String h = line(); h != null && !h.isEmpty(); h = line()) {
        int colon = h.indexOf(':');
        headers.computeIfAbsent(h.substring(0, colon).trim(), k -> new ArrayList<>()).add(h.substring(colon + 1).trim());
      }
      byte[] body;
      List<String> length = headers.get("Content-Length");
      List<String> te = headers.get("Transfer-Encoding");
      if (head || status == 204 || status == 304 || status / 100 == 1) {
        body = new byte[0];
      } else if (te != null && te.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
        body = chunked();
      } else if (length != null) {
        body = in.readNBytes(Integer.parseInt(length.get(0)));
      } else {
        body = in.readAllBytes();
      }
      return new Response(status, headers, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether the server closes the connection within {@code within}: true on end of stream or reset, false when
   * it stays open (a read times out) or sends more bytes.
   */
  public boolean closedByServer(Duration within) {
    try {
      socket.setSoTimeout((int) within.toMillis());
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        socket.setSoTimeout(READ_TIMEOUT_MS);
      } catch (SocketException ignored) {
        // closed
      }
    }
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      int semi = size.indexOf(';');
      int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
      if (n == 0) {
        for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
          // trailers are ignored
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(n));
      line();
    }
  }

  /** One line without its CRLF, or null at the end of the stream. */
  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] bytes = b.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  /** Closes with a reset (RST) instead of a FIN: a client that aborts. */
  public void reset() {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** Stops reading: the receive buffer is shrunk first so the server's writes back up quickly. */
  public static RawHttp slowReader(String localAddress, int port) {
    try {
      Socket s = new Socket();
      s.setReceiveBufferSize(4096);
      if (localAddress != null) {
        s.bind(new java.net.InetSocketAddress(localAddress, 0));
      }
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
      return new RawHttp(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private RawHttp(Socket connected) throws IOException {
    socket = connected;
    socket.setSoTimeout(READ_TIMEOUT_MS);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** Reads whatever arrives until the server closes or {@code within} passes; the bytes read. */
  public byte[] drain(Duration within) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    long deadline = System.nanoTime() + within.toNanos();
    try {
      byte[] buf = new byte[8192];
      while (System.nanoTime() < deadline) {
        socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        all.write(buf, 0, n);
      }
    } catch (SocketTimeoutException | SocketException e) {
      // time is up, or reset
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all.toByteArray();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** A response read off the socket. */
  public record Response(int status, Map<String, List<String>> headers, byte[] body) {
    public String header(String name) {
      List<String> values = headers.get(name);
      return values == null ? null : values.get(0);
    }

    public List<String> all(String name) {
      return headers.getOrDefault(name, List.of());
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public JsonObject json() {
      return new JsonObject(text());
    }
  }
}
