package com.interview.bench;

import com.interview.api.auth.JwtConfig;
import com.interview.api.auth.Principal;
import com.interview.api.auth.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * An access token's verification as every authenticated request does it ({@link Tokens#verify}: HS256 signature,
 * issuer, expiry, claims into a {@link Principal}; the revocation check is a map lookup beside it), the same token
 * through vertx-auth-jwt's {@code JWTAuth.authenticate} (how {@code Tokens} verified before {@code AccessTokenVerifier}),
 * and a token's issue as login and refresh do it. Run with {@code scripts/bench/jmh.sh TokenBench}; with two threads
 * (as two event loops: {@code -t 2}) the library's HMAC, shared under a lock, shows its contention. Figures in README.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenBench {

  private static final String SECRET = "a-benchmark-secret-of-at-least-32-bytes!";
  private Vertx vertx;
  private Tokens tokens;
  private String token;
  private UUID user;
  private JWTAuth library;

  @Setup
  public void setUp() {
    vertx = Vertx.vertx();
    // no revocations: verify never consults them
    tokens = new Tokens(vertx, JwtConfig.hs256(SECRET,
      Duration.ofMinutes(15), Duration.ofDays(7)), null);
    user = UUID.randomUUID();
    token = tokens.issue(user, "candidate", "family-1");
    if (!user.equals(tokens.verify(token).result().userId())) {
      throw new IllegalStateException("the benchmark's token does not verify");
    }
    library = JWTAuth.create(vertx, new JWTAuthOptions()
      .setJWTOptions(new JWTOptions().setIssuer("interview-backend").setLeeway(5))
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
    if (verifyHs256VertxAuthJwt().principal().getString("sub") == null) {
      throw new IllegalStateException("the library does not verify the benchmark's token");
    }
  }

  @TearDown
  public void tearDown() {
    vertx.close();
  }

  @Benchmark
  public Principal verifyHs256() {
    Future<Principal> f = tokens.verify(token);
    return f.result(); // verified synchronously: the future is complete
  }

  @Benchmark
  public User verifyHs256VertxAuthJwt() {
    return library.authenticate(new TokenCredentials(token)).result();
  }

  @Benchmark
  public String issueHs256() {
    return tokens.issue(user, "candidate", "family-1");
  }
}
