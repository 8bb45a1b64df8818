package com.interview.app.config;

import com.interview.api.ApiConfig;
import com.interview.api.auth.JwtConfig;
import com.interview.api.auth.RevocationList;
import com.interview.api.db.DatabaseConfig;
import com.interview.api.db.DatabaseTimeouts;
import com.interview.api.db.RedisConfig;
import com.interview.api.upload.UploadsConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** Reads and validates {@code api:} into an {@link ApiConfig}. */
final class ApiConfigBinder {

  private static final String REDIS_URL = "a URL redis://[:password@]host:port[/db]";

  private ApiConfigBinder() {
  }

  static ApiConfig bind(ConfigNode n) {
    String host = n.string("host");
    int port = n.port("port");
    int instances = n.integer("instances", 1, 256);
    var shutdownTimeout = n.duration("shutdownTimeout");
    long maxBody = n.size("maxBody");

    ConfigNode db = n.node("database");
    String dbUrl = db.string("url");
    checkUri(db.key("url"), dbUrl, "a URL postgresql://user:password@host:port/database", "postgresql", "postgres");
    DatabaseTimeouts timeouts = new DatabaseTimeouts(db.positiveDuration("acquireTimeout"),
      db.positiveDuration("statementTimeout"), db.positiveDuration("transactionTimeout"),
      db.positiveDuration("connectTimeout"));
    DatabaseConfig database = new DatabaseConfig(dbUrl, db.integer("poolSize", 1, 1000), db.bool("migrate"), timeouts);
    db.done();

    RedisConfig redis = redis(n.node("redis"));

    ConfigNode j = n.node("jwt");
    String algorithm = j.oneOf("algorithm", "hs256", "rs256", "es256").toUpperCase(java.util.Locale.ROOT);
    String privateKey = j.string("privateKey");
    String publicKey = j.string("publicKey");
    if (!algorithm.equals("HS256")) {
      requireReadable(j.key("privateKey"), privateKey, algorithm);
      requireReadable(j.key("publicKey"), publicKey, algorithm);
    }
    JwtConfig jwt = new JwtConfig(algorithm, j.string("secret"), privateKey, publicKey, j.positiveDuration("accessTtl"),
      j.positiveDuration("refreshTtl"), j.integer("revocationCapacity", 1, 10_000_000, RevocationList.DEFAULT_CAPACITY));
    j.done();
    String adminEmail = n.string("adminEmail");
    int concurrency = n.integer("concurrency", 1, 100_000);

    ConfigNode u = n.node("uploads");
    UploadsConfig uploads = new UploadsConfig(u.string("dir"), u.size("maxSize"));
    u.done();
    n.done();
    return new ApiConfig(host, port, instances, shutdownTimeout, maxBody, database, redis, jwt, uploads, adminEmail,
      concurrency);
  }

  /**
   * {@code api.redis}: {@code type} standalone (the server at {@code url}), sentinel ({@code endpoints} are the
   * sentinels, {@code masterName} the master they watch) or cluster ({@code endpoints} are seed nodes).
   */
  static RedisConfig redis(ConfigNode r) {
    String type = r.oneOf("type", "standalone", "sentinel", "cluster");
    String url = r.string("url");
    List<String> endpoints = r.strings("endpoints", List.of());
    String masterName = r.string("masterName", "").trim();
    int poolSize = r.integer("poolSize", 1, 1000);
    r.done();
    if (type.equals("standalone")) {
      checkUri(r.key("url"), url, REDIS_URL, "redis", "rediss");
      if (!endpoints.isEmpty()) {
        throw new ConfigException(r.key("endpoints"), endpoints,
          "empty when api.redis.type is standalone (api.redis.url names the server)");
      }
      return new RedisConfig(url, poolSize);
    }
    if (endpoints.isEmpty()) {
      throw new ConfigException(r.key("endpoints"), endpoints, "at least one URL redis://host:port of a "
        + (type.equals("sentinel") ? "sentinel" : "cluster node") + " when api.redis.type is " + type);
    }
    for (int i = 0; i < endpoints.size(); i++) {
      checkUri(r.key("endpoints") + "[" + i + "]", endpoints.get(i), REDIS_URL, "redis", "rediss");
    }
    if (type.equals("sentinel") && masterName.isEmpty()) {
      throw new ConfigException(r.key("masterName"), masterName,
        "the name of the master the sentinels watch (sentinel monitor <name> ...) when api.redis.type is sentinel");
    }
    return new RedisConfig(type.equals("sentinel") ? RedisConfig.Type.SENTINEL : RedisConfig.Type.CLUSTER, endpoints,
      type.equals("sentinel") ? masterName : "", poolSize);
  }

  private static void requireReadable(String key, String file, String algorithm) {
    if (file.isBlank() || !java.nio.file.Files.isReadable(java.nio.file.Path.of(file))) {
      throw new ConfigException(key, file, "a readable PEM file when api.jwt.algorithm is " + algorithm);
    }
  }

  /** The password in a database URL, or "" when it has none. */
  static String password(String url) {
    try {
      String info = new URI(url).getRawUserInfo();
      int colon = info == null ? -1 : info.indexOf(':');
      return colon < 0 ? "" : java.net.URLDecoder.decode(info.substring(colon + 1), java.nio.charset.StandardCharsets.UTF_8);
    } catch (URISyntaxException e) {
      return "";
    }
  }

  private static void checkUri(String key, String url, String expected, String... schemes) {
    try {
      URI uri = new URI(url);
      for (String scheme : schemes) {
        if (scheme.equals(uri.getScheme()) && uri.getHost() != null) {
          return;
        }
      }
    } catch (URISyntaxException ignored) {
      // reported below
    }
    throw new ConfigException(key, DatabaseConfig.masked(url), expected);
  }
}
