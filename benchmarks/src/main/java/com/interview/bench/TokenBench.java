package com.interview.bench;

import com.interview.api.auth.JwtConfig;
import com.interview.api.auth.Principal;
import com.interview.api.auth.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
 * issuer, expiry, claims into a {@link Principal}; the revocation check is a map lookup beside it), and a token's
 * issue as login and refresh do it. Run with {@code scripts/bench/jmh.sh TokenBench}; figures in README.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenBench {

  private Vertx vertx;
  private Tokens tokens;
  private String token;
  private UUID user;

  @Setup
  public void setUp() {
    vertx = Vertx.vertx();
    // no revocations: verify never consults them
    tokens = new Tokens(vertx, JwtConfig.hs256("a-benchmark-secret-of-at-least-32-bytes!",
      Duration.ofMinutes(15), Duration.ofDays(7)), null);
    user = UUID.randomUUID();
    token = tokens.issue(user, "candidate", "family-1");
    if (!user.equals(tokens.verify(token).result().userId())) {
      throw new IllegalStateException("the benchmark's token does not verify");
    }
  }

  @TearDown
  public void tearDown() {
    vertx.close();
  }

  @Benchmark
  public Principal verifyHs256() {
    Future<Principal> f = tokens.verify(token);
    return f.result(); // vertx-auth-jwt verifies synchronously: the future is complete
  }

  @Benchmark
  public String issueHs256() {
    return tokens.issue(user, "candidate", "family-1");
  }
}
