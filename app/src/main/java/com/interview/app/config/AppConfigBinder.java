package com.interview.app.config;

import com.interview.api.ApiConfig;
import com.interview.proxy.config.ProxyConfig;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns the merged configuration tree into an {@link AppConfig}, or throws a {@link ConfigException}.
 * In production it also refuses the development defaults of secrets.
 */
public final class AppConfigBinder {

  /** The database password of the default URL in {@code conf/app.yaml}: refused in production. */
  public static final String DEFAULT_DB_PASSWORD = "postgres";
  /** Used when no JWT secret is configured outside production, so tokens work across restarts and nodes in dev. */
  public static final String DEVELOPMENT_JWT_SECRET = "development-only-jwt-secret-do-not-use-in-production";
  /** Shortest JWT secret accepted in production, in bytes (HS256 wants a 256-bit key). */
  public static final int MIN_SECRET_BYTES = 32;

  private AppConfigBinder() {
  }

  public static AppConfig bind(JsonObject tree) {
    ConfigNode root = new ConfigNode("", tree);
    Role role = Role.valueOf(root.oneOf("role", "all", "proxy", "api").toUpperCase(Locale.ROOT));
    boolean production = root.oneOf("env", "development", "production", "test").equals("production");
    ProxyConfig proxy = ProxyConfigBinder.bind(root.node("proxy"));
    ApiConfig api = ApiConfigBinder.bind(root.node("api"));

    ConfigNode m = root.node("management");
    ManagementConfig management = new ManagementConfig(m.string("host"), m.port("port"), m.positiveDuration("healthTimeout"),
      m.string("adminToken"));
    m.done();

    ClusterConfig cluster = ClusterConfigBinder.bind(root.node("cluster"));
    root.done();

    api = secrets(api, production);
    return new AppConfig(role, production, proxy, api, management, cluster);
  }

  private static ApiConfig secrets(ApiConfig api, boolean production) {
    String secret = api.jwt().secret();
    int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
    boolean shared = api.jwt().algorithm().equals("HS256"); // RS256/ES256 sign with key files, not the secret
    if (production) {
      if (shared && bytes < MIN_SECRET_BYTES) {
        throw ConfigException.secret("api.jwt.secret", bytes,
          "at least " + MIN_SECRET_BYTES + " bytes in production; set JWT_SECRET");
      }
      String url = api.database().url();
      if (DEFAULT_DB_PASSWORD.equals(ApiConfigBinder.password(url))) {
        throw new ConfigException("api.database.url", com.interview.api.db.DatabaseConfig.masked(url),
          "a password other than the development default in production; set DATABASE_URL");
      }
      return api;
    }
    if (secret.isEmpty()) {
      var jwt = api.jwt().withSecret(DEVELOPMENT_JWT_SECRET);
      return new ApiConfig(api.host(), api.port(), api.instances(), api.shutdownTimeout(), api.maxBody(), api.database(),
        api.redis(), jwt, api.uploads(), api.adminEmail(), api.concurrency());
    }
    return api;
  }
}
