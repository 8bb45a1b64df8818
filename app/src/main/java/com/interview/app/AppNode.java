package com.interview.app;

import com.interview.api.ApiConfig;
import com.interview.api.ApiRuntime;
import com.interview.api.ApiVerticle;
import com.interview.api.db.DataStores;
import com.interview.api.db.DatabaseUnavailable;
import com.interview.app.config.AppConfig;
import com.interview.app.launch.StartupFailure;
import com.interview.app.management.ManagementVerticle;
import com.interview.app.management.NodeHealth;
import com.interview.app.cluster.ClusterMembership;
import com.interview.proxy.ProxyShared;
import com.interview.proxy.balance.ApiNodes;
import com.interview.proxy.config.Transport;
import com.interview.proxy.metrics.ProxyMetrics;
import com.interview.proxy.ProxyVerticle;
import com.interview.proxy.config.ProxyConfig;
import com.interview.proxy.transport.NodeSelector;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The composition root of one JVM: builds the shared runtimes and deploys what the role asks for — API verticles
 * (after migrations), proxy verticles, the management verticle — and stops them in the reverse order, each
 * draining its in-flight work first. Used by the launcher and by tests alike.
 */
public final class AppNode {

  private static final Logger log = LoggerFactory.getLogger(AppNode.class);

  private final Vertx vertx;
  private final AppConfig config;
  private final String nodeId;
  private final List<String> proxyDeployments = new ArrayList<>();
  private final List<String> apiDeployments = new ArrayList<>();
  private final List<String> extraProxies = new ArrayList<>();
  private final List<String> extraApis = new ArrayList<>();
  private final List<String> managementDeployments = new ArrayList<>();
  private final List<ProxyVerticle> proxies = new CopyOnWriteArrayList<>();
  private final List<ApiVerticle> apis = new CopyOnWriteArrayList<>();
  private final List<ManagementVerticle> managements = new CopyOnWriteArrayList<>();
  private ApiRuntime apiRuntime;
  private ProxyShared proxyShared;
  private ApiNodes apiNodes;
  private NodeHealth health;
  private boolean stopped;

  private AppNode(Vertx vertx, AppConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.nodeId = nodeIdOf(vertx);
  }

  /** Starts everything {@code config.role()} asks for; fails with a {@link StartupFailure} naming the cause. */
  public static Future<AppNode> start(Vertx vertx, AppConfig config) {
    AppNode node = new AppNode(vertx, config);
    return node.startApi()
      .compose(v -> node.prepareProxy())
      .compose(v -> node.startManagement())
      .compose(v -> node.startProxy())
      .map(node)
      .recover(failure -> node.stop().transform(ignored -> Future.failedFuture(failure)));
  }

  private Future<Void> startApi() {
    if (!config.role().runsApi()) {
      health = NodeHealth.create(vertx, nodeId, null, config.management().healthTimeout());
      return Future.succeededFuture();
    }
    ApiConfig api = config.api();
    return ApiRuntime.start(vertx, api, nodeId)
      .recover(e -> Future.failedFuture(e instanceof DatabaseUnavailable
        ? new StartupFailure("api.database.url: cannot use " + com.interview.api.db.DatabaseConfig.masked(api.database().url()) + " ("
          + StartupFailure.reason(e) + "); check that PostgreSQL runs there and the database exists, or set DATABASE_URL", e)
        : e))
      .compose(runtime -> {
        apiRuntime = runtime;
        health = NodeHealth.create(vertx, nodeId, runtime.stores(), config.management().healthTimeout());
        log.info("database schema at version " + runtime.schemaVersion());
        schemaVersionGauge(runtime.schemaVersion());
        revocationMeters(runtime.revocations());
        return deploy(() -> new ApiVerticle(runtime), api.instances(), apis, apiDeployments)
          .recover(e -> Future.failedFuture(StartupFailure.bind("api.port", api.host(), api.port(), "PORT", e)));
      })
      .onSuccess(v -> log.info("api listening on http://" + api.host() + ":" + apis.get(0).actualPort()
        + " and on the event bus at api.node." + nodeId + " (" + api.instances() + " instances)"))
      .mapEmpty();
  }

  /**
   * {@code api_revocations_entries} (revocations this node holds), {@code api_revocations_evicted_total} (live ones
   * dropped because the list was full: {@code api.jwt.revocationCapacity}) and {@code api_revocations_feed_up} (1
   * while the pub/sub feed is subscribed and reloaded, so requests need no Redis round trip).
   */
  private static void revocationMeters(com.interview.api.auth.Revocations revocations) {
    var registry = io.vertx.micrometer.backends.BackendRegistries.getDefaultNow();
    if (registry != null) {
      var list = revocations.list();
      io.micrometer.core.instrument.Gauge.builder("api.revocations.entries", list::size).register(registry);
      io.micrometer.core.instrument.FunctionCounter.builder("api.revocations.evicted", list,
        com.interview.api.auth.RevocationList::evicted).register(registry);
      io.micrometer.core.instrument.Gauge.builder("api.revocations.feed.up", () -> revocations.feed().live() ? 1 : 0)
        .register(registry);
    }
  }

  /** {@code api_schema_version}: the Flyway version this node found or installed (for the Database dashboard). */
  private static void schemaVersionGauge(String version) {
    var registry = io.vertx.micrometer.backends.BackendRegistries.getDefaultNow();
    double v;
    try {
      v = Double.parseDouble(version);
    } catch (NumberFormatException e) {
      v = -1;
    }
    if (registry != null) {
      double value = v;
      io.micrometer.core.instrument.Gauge.builder("api.schema.version", () -> value).register(registry);
    }
  }

  /** The JVM-wide proxy state, before management (its admin endpoints and health need the upstream group). */
  private Future<Void> prepareProxy() {
    if (!config.role().runsProxy()) {
      return Future.succeededFuture();
    }
    ProxyMetrics metrics = ProxyMetrics.create();
    NodeSelector selector;
    Future<Void> nodesReady = Future.succeededFuture();
    if (config.proxy().transport() == Transport.EVENTBUS && (vertx.isClustered() || !config.role().runsApi())) {
      // the cluster's API nodes, chosen by the load they report; the local one wins ties
      apiNodes = new ApiNodes(metrics);
      selector = apiNodes.selector(nodeId);
      nodesReady = apiNodes.start(vertx);
      ClusterMembership.onNodeLeft(vertx, apiNodes::nodeLeft);
      health.watchApiNodes(apiNodes.table());
    } else {
      selector = NodeSelector.local(nodeId); // role all on one JVM: its own API verticles
    }
    try {
      proxyShared = new ProxyShared(config.proxy(), selector, publicReadiness(), metrics, config.api().redis().options());
    } catch (RuntimeException e) {
      return Future.failedFuture(new StartupFailure(e.getMessage() + " (" + StartupFailure.reason(e) + ")", e));
    }
    Future<Void> limitsReady = proxyShared.start(vertx);
    if (proxyShared.upstreams() != null) {
      health.watchUpstreams(proxyShared.upstreams());
    }
    return Future.all(nodesReady, limitsReady).mapEmpty();
  }

  /**
   * What the public {@code /health} says, from state the proxy already holds — never a cluster-wide call on the probe
   * path: on the event-bus transport with a node table, whether any API node can take a request (reporting, not
   * draining); on the http transport, whether any upstream is eligible; a single JVM in role {@code all}, its own
   * checks (all local). The detail stays on the management port.
   */
  private com.interview.proxy.health.Readiness publicReadiness() {
    if (apiNodes != null) {
      return () -> Future.succeededFuture(apiNodes.table().anyCandidate());
    }
    if (config.proxy().transport() == Transport.HTTP) {
      return () -> Future.succeededFuture(proxyShared.upstreams().anyEligible(System.nanoTime() / 1_000_000));
    }
    return () -> health.ready();
  }

  private Future<Void> startManagement() {
    var m = config.management();
    var upstreams = proxyShared == null ? null : proxyShared.upstreams();
    return deploy(() -> new ManagementVerticle(m, health, nodeId, upstreams, this::scale), 1, managements, managementDeployments)
      .recover(e -> Future.failedFuture(StartupFailure.bind("management.port", m.host(), m.port(), "MANAGEMENT_PORT", e)))
      .onSuccess(v -> log.info("management listening on http://" + m.host() + ":" + managements.get(0).actualPort()
        + " (/metrics, /health)"))
      .mapEmpty();
  }

  private Future<Void> startProxy() {
    if (!config.role().runsProxy()) {
      return Future.succeededFuture();
    }
    ProxyConfig proxy = config.proxy();
    return deployProxy(proxy.port(), proxy.tls().port(), true);
  }

  /** Deploys the proxy instances; privileged ports that need root fall back to port + 8000 (80 → 8080, 443 → 8443). */
  private Future<Void> deployProxy(int port, int tlsPort, boolean mayFallBack) {
    ProxyConfig proxy = config.proxy();
    boolean tls = proxy.tls().enabled();
    return deploy(() -> new ProxyVerticle(proxyShared, port, tlsPort), proxy.instances(), proxies, proxyDeployments)
      .transform(ar -> {
        if (ar.succeeded()) {
          log.info("proxy listening on http://" + proxy.host() + ":" + proxies.get(0).actualPort()
            + (tls ? " and https://" + proxy.host() + ":" + proxies.get(0).actualTlsPort() : "")
            + " (" + proxy.instances() + " instances, transport " + proxy.transport().name().toLowerCase() + ")");
          return Future.<Void>succeededFuture();
        }
        boolean privileged = (port > 0 && port < 1024) || (tls && tlsPort > 0 && tlsPort < 1024);
        if (mayFallBack && privileged && StartupFailure.isPermissionDenied(ar.cause())) {
          int newPort = port > 0 && port < 1024 ? port + 8000 : port;
          int newTls = tls && tlsPort > 0 && tlsPort < 1024 ? tlsPort + 8000 : tlsPort;
          log.warn("proxy.port: port " + port + (tls ? " or " + tlsPort : "") + " needs root or CAP_NET_BIND_SERVICE; "
            + "listening on " + newPort + (tls ? " and " + newTls : "") + " instead (set PROXY_PORT to choose)");
          proxies.clear();
          return deployProxy(newPort, newTls, false);
        }
        boolean tlsFailed = ar.cause() instanceof ProxyVerticle.ListenFailure lf && lf.tls();
        return Future.failedFuture(tlsFailed
          ? StartupFailure.bind("proxy.tls.port", proxy.host(), tlsPort, "proxy.tls.port", ar.cause())
          : StartupFailure.bind("proxy.port", proxy.host(), port, "PROXY_PORT", ar.cause()));
      });
  }

  private <V extends io.vertx.core.Deployable> Future<Void> deploy(Supplier<V> factory, int instances, List<V> created,
                                                                    List<String> ids) {
    return vertx.deployVerticle(() -> {
      V v = factory.get();
      created.add(v);
      return v;
    }, new DeploymentOptions().setInstances(instances)).onSuccess(ids::add).mapEmpty();
  }

  /**
   * Deploys {@code delta} more instances of the {@code kind} verticle ({@code api} or {@code proxy}) on this JVM, or
   * undeploys {@code -delta} of those added this way (each drains first: the proxy stops accepting and finishes its
   * requests, the API leaves its bus address and finishes its own). Completes with
   * {@code {"kind", "instances", "added"}}; fails with an {@link IllegalArgumentException} saying why it cannot.
   */
  public synchronized Future<io.vertx.core.json.JsonObject> scale(String kind, int delta) {
    boolean api = kind.equals("api");
    if (!(api ? config.role().runsApi() : kind.equals("proxy") && config.role().runsProxy())) {
      return Future.failedFuture(new IllegalArgumentException("this node runs no " + kind + " verticles (role "
        + config.role().name().toLowerCase() + ")"));
    }
    List<String> extras = api ? extraApis : extraProxies;
    if (delta < 0 && -delta > extras.size()) {
      return Future.failedFuture(new IllegalArgumentException("only " + extras.size() + " " + kind
        + " instances were added at run time; the configured ones stay"));
    }
    Future<Void> done;
    if (delta > 0) {
      List<Future<Void>> deployments = new ArrayList<>();
      for (int i = 0; i < delta; i++) {
        deployments.add(api
          ? deploy(() -> new ApiVerticle(apiRuntime, joinPort(config.api().port(), apiPort())), 1, apis, extras)
          : deploy(() -> new ProxyVerticle(proxyShared, joinPort(config.proxy().port(), proxyPort()),
              joinPort(config.proxy().tls().port(), proxyTlsPort())), 1, proxies, extras));
      }
      done = Future.all(deployments).mapEmpty();
    } else {
      List<String> leaving = new ArrayList<>(extras.subList(extras.size() + delta, extras.size()));
      extras.removeAll(leaving);
      done = undeploy(leaving);
    }
    return done.map(v -> {
      int configured = api ? config.api().instances() : config.proxy().instances();
      log.info(kind + " verticles: " + (configured + extras.size()) + " instances (" + extras.size() + " added at run time)");
      return new io.vertx.core.json.JsonObject().put("kind", kind).put("instances", configured + extras.size())
        .put("added", extras.size());
    });
  }

  /**
   * The port an added instance listens on: the one the first instances bound (they share it), or 0 again when that
   * was configured — Vert.x shares a random port only within one deployment, binding it again would fail.
   */
  private static int joinPort(int configured, int actual) {
    return configured == 0 ? 0 : actual;
  }

  /**
   * Stops in the order that loses nothing: proxies first (they stop accepting and finish what they forwarded),
   * then the API (finishing its own port's requests), then management, then the data stores.
   */
  public synchronized Future<Void> stop() {
    if (stopped) {
      return Future.succeededFuture();
    }
    stopped = true;
    return undeploy(extraProxies).eventually(() -> undeploy(proxyDeployments))
      .eventually(() -> proxyShared == null ? Future.succeededFuture() : proxyShared.close())
      .eventually(() -> apiNodes == null ? Future.succeededFuture() : apiNodes.stop(vertx))
      .eventually(() -> apiRuntime == null ? Future.succeededFuture()
        : apiRuntime.drain(vertx, config.api().shutdownTimeout().toMillis())) // proxies elsewhere stop choosing us
      .eventually(() -> undeploy(extraApis)).eventually(() -> undeploy(apiDeployments))
      .eventually(() -> undeploy(managementDeployments))
      .eventually(() -> apiRuntime == null ? Future.succeededFuture() : apiRuntime.close())
      .transform(ar -> {
        log.info("node " + nodeId + " stopped");
        return Future.succeededFuture();
      });
  }

  private Future<Void> undeploy(List<String> ids) {
    List<Future<Void>> all = new ArrayList<>();
    for (String id : ids) {
      if (vertx.deploymentIDs().contains(id)) {
        all.add(vertx.undeploy(id));
      }
    }
    ids.clear();
    return Future.join(all).transform(ar -> Future.succeededFuture());
  }

  public String nodeId() {
    return nodeId;
  }

  public AppConfig config() {
    return config;
  }

  public int proxyPort() {
    return proxies.isEmpty() ? -1 : proxies.get(0).actualPort();
  }

  public int apiPort() {
    return apis.isEmpty() ? -1 : apis.get(0).actualPort();
  }

  public int managementPort() {
    return managements.isEmpty() ? -1 : managements.get(0).actualPort();
  }

  /** The JVM-wide proxy state, or null for role api. */
  public ProxyShared proxyShared() {
    return proxyShared;
  }

  public int proxyTlsPort() {
    return proxies.isEmpty() ? -1 : proxies.get(0).actualTlsPort();
  }

  /** The API runtime (stores, dispatcher), or null for role proxy. */
  public ApiRuntime apiRuntime() {
    return apiRuntime;
  }

  public DataStores stores() {
    return apiRuntime == null ? null : apiRuntime.stores();
  }

  private static String nodeIdOf(Vertx vertx) {
    if (vertx instanceof VertxInternal vi && vi.clusterManager() != null) {
      return vi.clusterManager().getNodeId();
    }
    return UUID.randomUUID().toString();
  }
}
