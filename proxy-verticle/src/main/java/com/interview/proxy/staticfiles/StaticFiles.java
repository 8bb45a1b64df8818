package com.interview.proxy.staticfiles;

import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.chain.ProxyFailure;
import com.interview.proxy.chain.Terminal;
import com.interview.proxy.route.Route;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileProps;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.MimeMapping;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Files of a static route (nginx {@code location /uploads/ { alias ...; }}): GET and HEAD of regular files only —
 * no directory listing, no symbolic links, no escape from the directory ({@link StaticPath}); the content type
 * from the extension; {@code ETag} (nginx's {@code "mtime-size"}) and {@code Last-Modified} with
 * {@code If-None-Match} / {@code If-Modified-Since} → 304; a single {@code Range} → 206 ({@code If-Range}
 * honoured, unsatisfiable → 416). Every answer carries {@code Content-Security-Policy: default-src 'none'} and
 * {@code X-Content-Type-Options: nosniff}: an uploaded file can never run as a page.
 */
public final class StaticFiles implements Terminal {

  /** Parses HTTP dates (RFC 1123, one- or two-digit day). */
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
  /** Writes IMF-fixdate (RFC 9110 §5.6.7): always a two-digit day, which RFC_1123_DATE_TIME does not pad. */
  private static final DateTimeFormatter IMF_FIXDATE =
    DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);
  private static final CharSequence CSP = HttpHeaders.createOptimized("Content-Security-Policy");
  private static final CharSequence NONE = HttpHeaders.createOptimized("default-src 'none'");

  private final Vertx vertx;

  public StaticFiles(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public void handle(ProxyExchange exchange) {
    HttpServerRequest request = exchange.request();
    HttpServerResponse response = exchange.response();
    response.headers().set(CSP, NONE).set("X-Content-Type-Options", "nosniff");
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      response.headers().set(HttpHeaders.ALLOW, "GET, HEAD");
      exchange.fail(new ProxyFailure(405, "method_not_allowed", "Files are read with GET or HEAD."));
      return;
    }
    Route route = exchange.route();
    String raw = exchange.path();
    String relative = raw.length() > route.prefix().length() ? StaticPath.resolve(raw.substring(route.prefix().length())) : null;
    if (relative == null) {
      exchange.fail(ProxyFailure.notFound());
      return;
    }
    Path root = Path.of(route.config().staticDir()).toAbsolutePath().normalize();
    Path file = root.resolve(relative).normalize();
    if (!file.startsWith(root)) {
      exchange.fail(ProxyFailure.notFound());
      return;
    }
    String name = file.toString();
    vertx.fileSystem().lprops(name)
      .compose(props -> props.isRegularFile() ? noLinkOnTheWay(root, file).map(ok -> ok ? props : null)
        : Future.<FileProps>succeededFuture(null))
      .onComplete(ar -> {
        if (exchange.ended()) {
          return;
        }
        if (ar.failed() || ar.result() == null) { // missing, a directory, a symbolic link, or behind one
          exchange.fail(ProxyFailure.notFound());
          return;
        }
        serve(exchange, name, ar.result());
      });
  }

  /**
   * Whether no directory between {@code root} and {@code file} is a symbolic link: {@code lprops} only looks at
   * the file itself, and {@code uploads/dir-link/x} would otherwise be served from wherever {@code dir-link} points.
   */
  private Future<Boolean> noLinkOnTheWay(Path root, Path file) {
    return vertx.executeBlocking(() -> file.toRealPath().equals(root.toRealPath().resolve(root.relativize(file))), false);
  }

  private void serve(ProxyExchange exchange, String file, FileProps props) {
    HttpServerRequest request = exchange.request();
    HttpServerResponse response = exchange.response();
    long size = props.size();
    long mtimeSeconds = props.lastModifiedTime() / 1000;
    String etag = "\"" + Long.toHexString(mtimeSeconds) + "-" + Long.toHexString(size) + "\"";
    String lastModified = IMF_FIXDATE.format(ZonedDateTime.ofInstant(Instant.ofEpochSecond(mtimeSeconds), ZoneOffset.UTC));
    String type = MimeMapping.mimeTypeForFilename(file);
    response.headers()
      .set(HttpHeaders.ETAG, etag)
      .set(HttpHeaders.LAST_MODIFIED, lastModified)
      .set("Accept-Ranges", "bytes")
      .set(HttpHeaders.CONTENT_TYPE, type == null ? "application/octet-stream" : type);

    if (notModified(request, etag, mtimeSeconds)) {
      response.setStatusCode(304);
      response.headers().remove(HttpHeaders.CONTENT_TYPE);
      exchange.respond(io.vertx.core.buffer.Buffer.buffer());
      return;
    }
    long offset = 0;
    long length = size;
    String range = request.getHeader("Range");
    if (range != null && ifRangeHolds(request, etag, mtimeSeconds)) {
      long[] r = ByteRange.parse(range, size);
      if (r == ByteRange.UNSATISFIABLE) {
        response.setStatusCode(416).headers().set("Content-Range", "bytes */" + size);
        exchange.fail(new ProxyFailure(416, "range_not_satisfiable", "The range lies outside the file."));
        return;
      }
      if (r != null) {
        offset = r[0];
        length = r[1] - r[0] + 1;
        response.setStatusCode(206).headers().set("Content-Range", "bytes " + r[0] + "-" + r[1] + "/" + size);
      }
    }
    if (request.method() == HttpMethod.HEAD) {
      response.headers().set(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
      exchange.respond(io.vertx.core.buffer.Buffer.buffer());
      return;
    }
    exchange.beforeResponse();
    response.sendFile(file, offset, length);
  }

  private static boolean notModified(HttpServerRequest request, String etag, long mtimeSeconds) {
    String inm = request.getHeader(HttpHeaders.IF_NONE_MATCH);
    if (inm != null) {
      for (String candidate : inm.split(",")) {
        String c = candidate.trim();
        if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
          return true;
        }
      }
      return false;
    }
    String ims = request.getHeader(HttpHeaders.IF_MODIFIED_SINCE);
    return ims != null && epochSeconds(ims) >= mtimeSeconds;
  }

  private static boolean ifRangeHolds(HttpServerRequest request, String etag, long mtimeSeconds) {
    String ifRange = request.getHeader("If-Range");
    if (ifRange == null) {
      return true;
    }
    String v = ifRange.trim();
    return v.startsWith("\"") ? v.equals(etag) : epochSeconds(v) == mtimeSeconds;
  }

  private static long epochSeconds(String httpDate) {
    try {
      return ZonedDateTime.parse(httpDate.trim(), HTTP_DATE).toEpochSecond();
    } catch (DateTimeParseException e) {
      return Long.MIN_VALUE;
    }
  }
}
