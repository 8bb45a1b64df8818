package com.interview.proxy.tls;

import com.interview.proxy.config.TlsConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileProps;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;

/**
 * A renewed certificate needs no restart: every {@code tls.reloadInterval} the certificate and key files are looked
 * at (size and modification time, asynchronously), and when either changed the HTTPS server takes them for its new
 * connections; connections already open keep the pair they were made with. A pair that cannot be read (half
 * written, mismatched) is refused and logged, and the old one stays in use until a good one arrives.
 */
public final class CertificateReloader {

  private static final Logger log = LoggerFactory.getLogger(CertificateReloader.class);

  private final Vertx vertx;
  private final HttpServer server;
  private final HttpServerOptions options;
  private final TlsConfig tls;
  private String seen;
  private long timer = -1;
  private boolean checking;

  public CertificateReloader(Vertx vertx, HttpServer server, HttpServerOptions options, TlsConfig tls) {
    this.vertx = vertx;
    this.server = server;
    this.options = options;
    this.tls = tls;
  }

  /** Remembers the files as they are now, then checks them every interval. */
  public Future<Void> start() {
    if (tls.reloadInterval().isZero()) {
      return Future.succeededFuture();
    }
    return stamp().map(s -> {
      seen = s;
      timer = vertx.setPeriodic(tls.reloadInterval().toMillis(), t -> check());
      return null;
    });
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private void check() {
    if (checking) {
      return;
    }
    checking = true;
    stamp().compose(now -> {
      if (now.equals(seen)) {
        return Future.succeededFuture();
      }
      return server.updateSSLOptions(TlsPolicy.reloaded(options, tls), true).onSuccess(v -> {
        seen = now;
        log.info("proxy.tls: certificate " + tls.cert() + " reloaded for new connections");
      });
    }).onComplete(ar -> {
      checking = false;
      if (ar.failed()) {
        log.warn("proxy.tls: cannot use the changed certificate or key yet (" + ar.cause().getMessage()
          + "); the previous pair stays in use");
      }
    });
  }

  private Future<String> stamp() {
    Future<FileProps> cert = vertx.fileSystem().props(tls.cert());
    Future<FileProps> key = vertx.fileSystem().props(tls.key());
    return Future.all(cert, key).map(v -> cert.result().size() + ":" + cert.result().lastModifiedTime() + "/"
      + key.result().size() + ":" + key.result().lastModifiedTime());
  }
}
