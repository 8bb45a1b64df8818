package com.interview.api;

import com.interview.api.auth.JwtConfig;
import com.interview.api.db.DatabaseConfig;
import com.interview.api.db.RedisConfig;
import com.interview.api.upload.UploadsConfig;

import java.time.Duration;

/**
 * Everything under {@code api:} in {@code conf/app.yaml}, validated. The YAML file documents every key.
 *
 * @param host            bind address of the API's own HTTP port
 * @param port            the API's own HTTP port (0 = any free port)
 * @param instances       API verticle instances in this JVM
 * @param shutdownTimeout grace period for in-flight requests on shutdown
 * @param maxBody         largest request body on the API's own port
 * @param database        PostgreSQL
 * @param redis           Redis
 * @param jwt             access and refresh tokens
 * @param uploads         avatar storage
 * @param adminEmail      the account registered with this email becomes admin ("" = only the first account)
 * @param concurrency     requests one API verticle instance takes at once comfortably; the node's capacity in its
 *                        load reports is instances × this
 */
public record ApiConfig(String host, int port, int instances, Duration shutdownTimeout, long maxBody,
                        DatabaseConfig database, RedisConfig redis, JwtConfig jwt, UploadsConfig uploads,
                        String adminEmail, int concurrency) {

  /** Default of {@code api.concurrency}. */
  public static final int DEFAULT_CONCURRENCY = 64;

  public ApiConfig(String host, int port, int instances, Duration shutdownTimeout, long maxBody, DatabaseConfig database,
                   RedisConfig redis, JwtConfig jwt, UploadsConfig uploads, String adminEmail) {
    this(host, port, instances, shutdownTimeout, maxBody, database, redis, jwt, uploads, adminEmail, DEFAULT_CONCURRENCY);
  }

  /** A copy with another instance count. */
  public ApiConfig withInstances(int n) {
    return new ApiConfig(host, port, n, shutdownTimeout, maxBody, database, redis, jwt, uploads, adminEmail, concurrency);
  }

  /** A copy listening on another port (tests use 0). */
  public ApiConfig withPort(int newPort) {
    return new ApiConfig(host, newPort, instances, shutdownTimeout, maxBody, database, redis, jwt, uploads, adminEmail,
      concurrency);
  }
}
