package com.interview.app;

import com.hazelcast.config.Config;
import com.interview.app.cluster.HazelcastSetup;
import com.interview.app.config.AppConfig;
import com.interview.app.config.ConfigException;
import com.interview.app.config.ConfigLoader;
import com.interview.app.config.Role;
import com.interview.app.launch.LaunchArgs;
import com.interview.app.launch.Logging;
import com.interview.app.launch.Metrics;
import com.interview.app.launch.Signals;
import com.interview.app.launch.StartupFailure;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code java -jar app-fat.jar [-cluster] [-cluster-host H] [-cluster-port P] [-instances N] [-conf FILE]
 * [-options JSON] [--role all|proxy|api]}: the Vert.x 5 launcher with this application's hooks.
 *
 * <p>Exit codes: 0 after a normal stop or SIGTERM; 2 for a bad configuration; 1 for a start that failed (port taken,
 * database unreachable, cluster not formed) — each with one line on stderr saying why and what to change.
 */
public final class Main extends VertxApplication implements VertxApplicationHooks {

  /** Exit code for a configuration that cannot be used. */
  public static final int EXIT_BAD_CONFIG = 2;
  /** Exit code for a start that failed for another reason. */
  public static final int EXIT_START_FAILED = 1;

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private final AppConfig config;
  private final boolean transportChosen;
  private Config hazelcast;
  private volatile AppNode node;

  private Main(String[] args, AppConfig config, boolean transportChosen) {
    super(args, null, true, true);
    this.config = config;
    this.transportChosen = transportChosen;
  }

  public static void main(String[] args) {
    com.interview.proxy.config.TlsConfig.rejectClientRenegotiation(); // before any TLS class reads it
    Logging.configure();
    LaunchArgs launch = LaunchArgs.parse(args);
    AppConfig config;
    try {
      config = configure(launch, System.getenv());
    } catch (ConfigException e) {
      System.err.println("config error: " + e.getMessage());
      System.exit(EXIT_BAD_CONFIG);
      return;
    }
    Signals.exitCleanlyOnTerm();
    new Main(launch.remaining().toArray(new String[0]), config, launch.transportChosen()).launch();
  }

  /** The configuration for these arguments and this environment (command line over environment over files). */
  static AppConfig configure(LaunchArgs launch, Map<String, String> env) {
    Map<String, String> merged = new HashMap<>(env);
    if (launch.role() != null) {
      merged.put("APP_ROLE", launch.role());
    }
    AppConfig config = ConfigLoader.load(launch.conf(), merged);
    if (launch.instances() != null) {
      int n;
      try {
        n = Integer.parseInt(launch.instances().trim());
      } catch (NumberFormatException e) {
        n = 0;
      }
      if (n < 1 || n > 256) {
        throw new ConfigException("-instances", launch.instances(), "an integer 1..256");
      }
      config = config.withInstances(n);
    }
    return config;
  }

  // Every hook is guarded: an exception escaping a hook makes the launcher exit 1 without a word.

  @Override
  public VertxBuilder createVertxBuilder(VertxOptions options) {
    return guarded("createVertxBuilder", () -> {
      hazelcast = HazelcastSetup.config(config.cluster());
      return Metrics.builder(options).withClusterManager(new HazelcastClusterManager(hazelcast));
    });
  }

  @Override
  public void beforeStartingVertx(HookContext context) {
    guarded("beforeStartingVertx", () -> {
      VertxOptions options = context.vertxOptions();
      options.setMetricsOptions(Metrics.options()); // the registry (its histograms) comes with Metrics.builder
      if (!transportChosen) {
        options.setPreferNativeTransport(true); // epoll where Netty's native library loads, else NIO (README)
      }
      String clusterHost = options.getEventBusOptions().getHost();
      if (clusterHost != null && hazelcast != null) {
        HazelcastSetup.bindTo(hazelcast, clusterHost);
      }
      return null;
    });
  }

  @Override
  public void afterVertxStarted(HookContext context) {
    guarded("afterVertxStarted", () -> {
      Vertx vertx = context.vertx();
      if (vertx.isNativeTransportEnabled()) {
        log.info("network transport: native epoll");
      } else {
        Throwable why = vertx.unavailableNativeTransportCause();
        log.info("network transport: NIO" + (context.vertxOptions().getPreferNativeTransport() && why != null
          ? " (native epoll unavailable: " + why.getMessage() + ")" : ""));
      }
      Duration grace = config.proxy().shutdownTimeout().plus(config.api().shutdownTimeout()).plusSeconds(10);
      Signals.watch(context.vertx(), grace);
      return null;
    });
  }

  @Override
  public void afterFailureToStartVertx(HookContext context, Throwable t) {
    fail("cannot start Vert.x" + (t == null ? " in time" : ": " + StartupFailure.reason(t))
      + "; with -cluster, check cluster.members (CLUSTER_MEMBERS) and that the cluster port is free", t);
  }

  @Override
  public Supplier<? extends Deployable> verticleSupplier() {
    return () -> new VerticleBase() {
      @Override
      public Future<?> start() {
        return AppNode.start(vertx, config).onSuccess(n -> {
          node = n;
          ((io.vertx.core.internal.VertxInternal) vertx).addCloseHook(completion -> n.stop().onComplete(completion));
        });
      }
    };
  }

  @Override
  public void beforeDeployingVerticle(HookContext context) {
    // -instances sizes the proxy and API verticles, not this root
    guarded("beforeDeployingVerticle", () -> context.deploymentOptions().setInstances(1));
  }

  @Override
  public void afterVerticleDeployed(HookContext context) {
    guarded("afterVerticleDeployed", () -> {
      AppNode n = node;
      String role = config.role().name().toLowerCase(Locale.ROOT);
      log.info("node " + n.nodeId() + " started: role " + role + (context.vertx().isClustered() ? ", clustered" : "")
        + (config.role() != Role.API ? ", public URL http://localhost:" + n.proxyPort() + "/" : ""));
      return null;
    });
  }

  @Override
  public void afterFailureToDeployVerticle(HookContext context, Throwable t) {
    fail(t instanceof StartupFailure ? t.getMessage() : "cannot start: " + StartupFailure.reason(t), t);
  }

  private static <T> T guarded(String hook, Supplier<T> body) {
    try {
      return body.get();
    } catch (RuntimeException | Error e) {
      fail("cannot start: " + hook + " failed: " + StartupFailure.reason(e), e);
      throw e; // not reached: fail exits
    }
  }

  private static void fail(String line, Throwable t) {
    if (t != null && !(t instanceof StartupFailure)) {
      log.error("start-up failure", t);
    }
    System.err.println(line);
    System.exit(EXIT_START_FAILED);
  }
}
