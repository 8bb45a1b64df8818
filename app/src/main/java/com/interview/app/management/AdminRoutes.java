package com.interview.app.management;

import com.interview.proxy.balance.Upstream;
import com.interview.proxy.balance.UpstreamGroup;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code /admin} on the management port, behind {@code Authorization: Bearer <ADMIN_TOKEN>} (off — 404 — when no
 * token is configured):
 * <ul>
 *   <li>{@code GET /admin/upstreams}: every upstream server of the http transport with its state</li>
 *   <li>{@code POST /admin/upstreams/{index|url}/drain}: no new requests, in-flight ones finish</li>
 *   <li>{@code POST /admin/upstreams/{index|url}/disable}: no requests at all</li>
 *   <li>{@code POST /admin/upstreams/{index|url}/enable}: back in rotation</li>
 *   <li>{@code POST /admin/verticles/{api|proxy}} with {@code {"instances": N}}: N more instances on this JVM</li>
 *   <li>{@code DELETE /admin/verticles/{api|proxy}} with {@code {"instances": N}}: N of those added fewer, drained</li>
 * </ul>
 */
final class AdminRoutes {

  private final byte[] token;
  private final UpstreamGroup upstreams;
  private final VerticleScaler scaler;

  AdminRoutes(String token, UpstreamGroup upstreams, VerticleScaler scaler) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.upstreams = upstreams;
    this.scaler = scaler;
  }

  void mount(Router router) {
    router.route("/admin/*").handler(this::authorize);
    router.get("/admin/upstreams").handler(rc -> json(rc, 200, list()));
    router.post("/admin/upstreams/:server/:action").handler(this::change);
    router.post("/admin/verticles/:kind").handler(rc -> scale(rc, 1));
    router.delete("/admin/verticles/:kind").handler(rc -> scale(rc, -1));
  }

  private void scale(RoutingContext rc, int sign) {
    rc.request().body().onComplete(ar -> {
      int n;
      try {
        n = ar.succeeded() && ar.result().length() > 0 ? new JsonObject(ar.result()).getInteger("instances", 1) : 1;
      } catch (RuntimeException e) {
        problem(rc, 400, "bad_request", "Send {\"instances\": N} as JSON.");
        return;
      }
      if (n < 1 || n > 64) {
        problem(rc, 400, "bad_request", "instances must be 1..64.");
        return;
      }
      String kind = rc.pathParam("kind");
      if (!kind.equals("api") && !kind.equals("proxy")) {
        problem(rc, 404, "no_such_verticle", "Verticles are api and proxy.");
        return;
      }
      scaler.scale(kind, sign * n).onComplete(done -> {
        if (done.succeeded()) {
          json(rc, 200, done.result());
        } else {
          problem(rc, 409, "cannot_scale", done.cause().getMessage());
        }
      });
    });
  }

  private void authorize(RoutingContext rc) {
    if (token.length == 0) {
      problem(rc, 404, "admin_off", "The admin endpoints are off; set ADMIN_TOKEN to enable them.");
      return;
    }
    String auth = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
    byte[] given = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (!MessageDigest.isEqual(given, token)) {
      rc.response().putHeader("WWW-Authenticate", "Bearer");
      problem(rc, 401, "unauthorized", "Send Authorization: Bearer <ADMIN_TOKEN>.");
      return;
    }
    rc.next();
  }

  private JsonObject list() {
    JsonArray servers = new JsonArray();
    if (upstreams != null) {
      long now = System.nanoTime() / 1_000_000;
      for (Upstream u : upstreams.servers()) {
        servers.add(describe(u, now));
      }
    }
    return new JsonObject().put("transport", upstreams == null ? "eventbus" : "http").put("servers", servers);
  }

  private void change(RoutingContext rc) {
    Upstream server = upstreams == null ? null : upstreams.find(rc.pathParam("server"));
    if (server == null) {
      problem(rc, 404, "no_such_server", "No upstream server " + rc.pathParam("server") + ".");
      return;
    }
    switch (rc.pathParam("action")) {
      case "drain" -> server.admin(Upstream.Admin.DRAINING);
      case "disable" -> server.admin(Upstream.Admin.DISABLED);
      case "enable" -> server.admin(Upstream.Admin.ENABLED);
      default -> {
        problem(rc, 404, "no_such_action", "Actions are drain, disable and enable.");
        return;
      }
    }
    json(rc, 200, describe(server, System.nanoTime() / 1_000_000));
  }

  private static JsonObject describe(Upstream u, long now) {
    return new JsonObject()
      .put("index", u.index())
      .put("url", u.url())
      .put("weight", u.weight())
      .put("backup", u.backup())
      .put("state", u.state(now))
      .put("inFlight", u.inFlight())
      .put("activeCheck", u.activeUp() ? "up" : "down")
      .put("unavailableForMs", u.passive().unavailableFor(now))
      .put("maxFails", u.config().maxFails())
      .put("failTimeoutMs", u.config().failTimeout().toMillis());
  }

  private static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
  }

  static void problem(RoutingContext rc, int status, String code, String detail) {
    rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
      .end(new JsonObject().put("type", "urn:interview:problem:" + code)
        .put("title", io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase())
        .put("status", status).put("detail", detail).put("code", code).encode());
  }
}
