package com.interview.app.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The environment variables of the original deployment, applied over the merged configuration tree.
 * An empty variable counts as unset (compose files often pass empty values).
 *
 * <pre>
 * APP_ROLE → role            APP_ENV (NODE_ENV) → env       PROXY_PORT → proxy.port
 * PORT → api.port            MANAGEMENT_PORT → management.port
 * DATABASE_URL → api.database.url     REDIS_URL → api.redis.url     JWT_SECRET → api.jwt.secret
 * REDIS_TYPE → api.redis.type   REDIS_ENDPOINTS → api.redis.endpoints   REDIS_MASTER_NAME → api.redis.masterName
 * PROXY_UPSTREAMS → proxy.upstream.servers and proxy.transport = http
 * CLUSTER_MEMBERS → cluster.members   ADMIN_TOKEN → management.adminToken   ADMIN_EMAIL → api.adminEmail
 * CLUSTER_DISCOVERY → cluster.discovery   CLUSTER_SERVICE_DNS → cluster.kubernetes.serviceDns
 * CLUSTER_SERVICE_NAME → cluster.kubernetes.serviceName
 * </pre>
 */
public final class EnvOverrides {

  private EnvOverrides() {
  }

  /** Applies {@code env} to {@code tree} in place and returns it. */
  public static JsonObject apply(JsonObject tree, Map<String, String> env) {
    set(env, "APP_ROLE", v -> tree.put("role", v));
    String appEnv = present(env, "APP_ENV") ? env.get("APP_ENV") : env.get("NODE_ENV");
    if (appEnv != null && !appEnv.isBlank()) {
      tree.put("env", appEnv.trim());
    }
    set(env, "PROXY_PORT", v -> section(tree, "proxy").put("port", port("PROXY_PORT", v)));
    set(env, "PORT", v -> section(tree, "api").put("port", port("PORT", v)));
    set(env, "MANAGEMENT_PORT", v -> section(tree, "management").put("port", port("MANAGEMENT_PORT", v)));
    set(env, "DATABASE_URL", v -> section(section(tree, "api"), "database").put("url", v));
    set(env, "REDIS_URL", v -> section(section(tree, "api"), "redis").put("url", v));
    set(env, "REDIS_TYPE", v -> section(section(tree, "api"), "redis").put("type", v));
    set(env, "REDIS_ENDPOINTS", v -> section(section(tree, "api"), "redis").put("endpoints", list(v)));
    set(env, "REDIS_MASTER_NAME", v -> section(section(tree, "api"), "redis").put("masterName", v));
    set(env, "JWT_SECRET", v -> section(section(tree, "api"), "jwt").put("secret", v));
    set(env, "ADMIN_TOKEN", v -> section(tree, "management").put("adminToken", v));
    set(env, "ADMIN_EMAIL", v -> section(tree, "api").put("adminEmail", v));
    set(env, "CLUSTER_MEMBERS", v -> section(tree, "cluster").put("members", list(v)));
    set(env, "CLUSTER_DISCOVERY", v -> section(tree, "cluster").put("discovery", v));
    set(env, "CLUSTER_SERVICE_DNS", v -> section(section(tree, "cluster"), "kubernetes").put("serviceDns", v));
    set(env, "CLUSTER_SERVICE_NAME", v -> section(section(tree, "cluster"), "kubernetes").put("serviceName", v));
    set(env, "PROXY_UPSTREAMS", v -> {
      JsonArray servers = new JsonArray();
      for (Object url : list(v)) {
        servers.add(new JsonObject().put("url", url));
      }
      if (servers.isEmpty()) {
        throw new ConfigException("PROXY_UPSTREAMS", v, "comma-separated URLs such as http://app1:3000,http://app2:3000");
      }
      JsonObject proxy = section(tree, "proxy");
      proxy.put("transport", "http");
      section(proxy, "upstream").put("servers", servers);
    });
    return tree;
  }

  private static boolean present(Map<String, String> env, String name) {
    String v = env.get(name);
    return v != null && !v.isBlank();
  }

  private static void set(Map<String, String> env, String name, java.util.function.Consumer<String> action) {
    if (present(env, name)) {
      action.accept(env.get(name).trim());
    }
  }

  private static JsonObject section(JsonObject parent, String key) {
    Object v = parent.getValue(key);
    if (v instanceof JsonObject o) {
      return o;
    }
    JsonObject created = new JsonObject();
    parent.put(key, created);
    return created;
  }

  private static int port(String name, String value) {
    try {
      int p = Integer.parseInt(value);
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new ConfigException(name, value, "an integer port 0..65535");
  }

  private static JsonArray list(String commaList) {
    JsonArray out = new JsonArray();
    for (String part : commaList.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }
}
