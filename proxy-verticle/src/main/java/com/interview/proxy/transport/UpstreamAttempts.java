package com.interview.proxy.transport;

import com.interview.proxy.balance.Upstream;
import com.interview.proxy.balance.UpstreamGroup;
import com.interview.proxy.chain.ProxyExchange;
import com.interview.proxy.chain.ProxyFailure;
import com.interview.proxy.config.Timeouts;
import com.interview.proxy.metrics.ProxyMetrics;
import com.interview.proxy.transport.RetryPolicy.Condition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;

import java.net.ConnectException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The attempts of one exchange on the {@code http} transport's upstream group, whatever client carries them (Vert.x's
 * HTTP client, or the lean path's Netty connections): the one home of nginx's {@code proxy_next_upstream} here. Each
 * attempt goes to the server the balancer picks among those health leaves eligible; a failed attempt counts against
 * the server (passive health) and is repeated on another server when the {@link RetryPolicy} allows it: never once
 * the response has begun, for non-idempotent methods only before the request was sent (or when configured), within
 * {@code tries} and {@code timeout}. Connect failures end as 502, read timeouts as 504, no eligible server as a fast
 * 502. Subclasses send the request ({@link #attempt}) and report what happened.
 */
public abstract class UpstreamAttempts {

  private static final Logger log = LoggerFactory.getLogger(UpstreamAttempts.class);

  /** What to do with an upstream's answer. */
  public enum Verdict {
    /** Relay it to the client. */
    RELAY,
    /** Drop it: the client went away. */
    DROP,
    /** Drop it and try another server: call {@link #next()} once it is dropped. */
    RETRY
  }

  /** The meters and limits of one upstream group, resolved once per forwarder. */
  public static final class Group {
    final UpstreamGroup servers;
    final RetryPolicy retry;
    final int maxTries;
    final long connectMs;
    final long readMs;
    final ProxyMetrics metrics;
    final Counter retries;
    final Counter[] selections;
    final Timer[] upstreamTimes;

    public Group(UpstreamGroup servers, RetryPolicy retry, Timeouts timeouts, ProxyMetrics metrics) {
      this.servers = servers;
      this.retry = retry;
      this.maxTries = cap(servers, retry);
      this.connectMs = timeouts.connect().toMillis();
      this.readMs = timeouts.read().toMillis();
      this.metrics = metrics;
      this.retries = metrics.retries();
      int n = servers.servers().size();
      this.selections = new Counter[n];
      this.upstreamTimes = new Timer[n];
      for (Upstream u : servers.servers()) {
        selections[u.index()] = metrics.selections(u.url());
        upstreamTimes[u.index()] = metrics.upstreamTime(u.url());
      }
    }

    public UpstreamGroup servers() {
      return servers;
    }
  }

  protected final ProxyExchange exchange;
  protected final long connectMs;
  protected final long readMs;
  private final Group group;
  private final RetryPolicy retry;
  private final int maxTries;
  private final long started = System.nanoTime();
  private long tried;
  private int count;
  private ProxyFailure last;

  protected UpstreamAttempts(Group group, ProxyExchange exchange) {
    this.group = group;
    this.exchange = exchange;
    var route = exchange.route().config(); // a route may set its own timeouts and retry policy
    this.retry = route.retryOr(group.retry);
    this.maxTries = retry == group.retry ? group.maxTries : cap(group.servers, retry);
    this.connectMs = route.timeouts() == null ? group.connectMs : route.timeouts().connect().toMillis();
    this.readMs = route.timeouts() == null ? group.readMs : route.timeouts().read().toMillis();
  }

  /** Sends the request to {@code server}, which was begun; reports through {@link #failed} or {@link #answered}. */
  protected abstract void attempt(Upstream server);

  /** Whether the client went away: then nothing that happens upstream is the upstream's fault. */
  protected final boolean gone() {
    return exchange.abandoned() || exchange.ended() || exchange.client().closed();
  }

  /** The next attempt, on a server not tried yet; the exchange fails when none is left. */
  public final void next() {
    if (gone()) {
      return;
    }
    Upstream server = group.servers.select(tried, System.nanoTime() / 1_000_000);
    if (server == null) {
      exchange.fail(last != null ? last : ProxyFailure.badGateway("No upstream server is available."));
      return;
    }
    tried |= 1L << server.index();
    count++;
    server.begin();
    group.selections[server.index()].increment();
    attempt(server);
  }

  /** The attempt on {@code server} failed ({@code sent}: after the request was written); ends the server's turn. */
  protected final void failed(Upstream server, long t0, Throwable cause, boolean sent) {
    server.end();
    boolean timeout = isTimeout(cause);
    Condition condition = timeout ? Condition.TIMEOUT : Condition.ERROR;
    group.metrics.failures(server.url(), timeout ? "timeout" : "error").increment();
    if (server.passive().failed(System.nanoTime() / 1_000_000)) {
      log.warn("upstream " + server.url() + " unavailable for " + server.config().failTimeout().toSeconds()
        + " s after " + server.config().maxFails() + " failures (last: " + cause.getMessage() + ")");
    }
    boolean readTimeout = timeout && sent;
    exchange.upstream(server.url(), readTimeout ? 504 : 502, System.nanoTime() - t0);
    last = readTimeout
      ? ProxyFailure.gatewayTimeout("The upstream did not answer within " + readMs + " ms.")
      : ProxyFailure.badGateway("The upstream could not be reached.");
    if (mayRetry(condition, sent)) {
      group.retries.increment();
      next();
    } else {
      exchange.fail(last);
    }
  }

  /**
   * {@code server} answered {@code status}: records it (passive health, metrics, the access log) and says what to do.
   * On {@link Verdict#DROP} and {@link Verdict#RETRY} the server's turn is ended here; on {@link Verdict#RELAY} the
   * caller ends it when the answer is relayed.
   */
  protected final Verdict answered(Upstream server, long t0, int status) {
    Condition condition = statusCondition(status);
    boolean listed = condition != null && retry.on().contains(condition);
    if (listed) {
      group.metrics.failures(server.url(), "http_" + status).increment();
      server.passive().failed(System.nanoTime() / 1_000_000);
    } else {
      server.passive().succeeded();
    }
    long took = System.nanoTime() - t0;
    exchange.upstream(server.url(), status, took);
    group.upstreamTimes[server.index()].record(took, TimeUnit.NANOSECONDS);
    if (gone()) {
      server.end();
      return Verdict.DROP;
    }
    if (listed && mayRetry(condition, true)) {
      server.end();
      group.retries.increment();
      return Verdict.RETRY;
    }
    return Verdict.RELAY;
  }

  private boolean mayRetry(Condition condition, boolean sent) {
    if (!retry.on().contains(condition) || count >= maxTries || exchange.client().headWritten()) {
      return false;
    }
    if (!retry.timeout().isZero() && System.nanoTime() - started >= retry.timeout().toNanos()) {
      return false;
    }
    return !sent || retry.nonIdempotent() || idempotent(exchange.method());
  }

  /** As nginx: never more tries than servers, so the last answer is relayed; 0 means one per server. */
  static int cap(UpstreamGroup group, RetryPolicy policy) {
    int servers = group.servers().size();
    return policy.tries() == 0 ? servers : Math.min(policy.tries(), servers);
  }

  static boolean idempotent(HttpMethod m) {
    return !(m == HttpMethod.POST || m == HttpMethod.PATCH || m == HttpMethod.LOCK);
  }

  static Condition statusCondition(int status) {
    return switch (status) {
      case 500 -> Condition.HTTP_500;
      case 502 -> Condition.HTTP_502;
      case 503 -> Condition.HTTP_503;
      case 504 -> Condition.HTTP_504;
      case 429 -> Condition.HTTP_429;
      default -> null;
    };
  }

  static boolean isTimeout(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof TimeoutException || c instanceof io.netty.channel.ConnectTimeoutException
        || c instanceof java.net.SocketTimeoutException) {
        return true;
      }
      String m = c.getMessage();
      if (m != null && m.contains("timeout period")) {
        return true;
      }
      if (c instanceof ConnectException) {
        return false;
      }
    }
    return false;
  }
}
