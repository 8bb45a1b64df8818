package com.interview.api;

import com.interview.api.auth.AuthHandlers;
import com.interview.api.auth.LoginThrottle;
import com.interview.api.auth.Passwords;
import com.interview.api.auth.RefreshTokens;
import com.interview.api.auth.RevocationFeed;
import com.interview.api.auth.RevocationList;
import com.interview.api.auth.Revocations;
import com.interview.api.auth.Tokens;
import com.interview.api.contract.ApiDispatcher;
import com.interview.api.contract.ContractHandlers;
import com.interview.api.contract.ContractLoader;
import com.interview.api.contract.OperationHandler;
import com.interview.api.db.Cache;
import com.interview.api.db.DataStores;
import com.interview.api.db.DatabaseUnavailable;
import com.interview.api.db.Migrations;
import com.interview.api.events.EventHandlers;
import com.interview.api.feedback.FeedbackHandlers;
import com.interview.api.feedback.FeedbackRepository;
import com.interview.api.interview.InterviewChanges;
import com.interview.api.interview.InterviewEvents;
import com.interview.api.interview.InterviewHandlers;
import com.interview.api.interview.InterviewQuestionHandlers;
import com.interview.api.interview.InterviewRepository;
import com.interview.api.question.QuestionHandlers;
import com.interview.api.question.QuestionRepository;
import com.interview.api.transport.LoadReporter;
import com.interview.api.transport.NodeLoadMeter;
import com.interview.api.upload.AvatarHandlers;
import com.interview.api.upload.AvatarStore;
import com.interview.api.upload.ImageReencoder;
import com.interview.api.user.UserHandlers;
import com.interview.api.user.UserRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.Map;

/**
 * What every API verticle instance of a JVM shares: the data stores, the contract and the dispatcher bound to
 * it. Built once at start — migrations first, so no verticle ever sees an old schema.
 */
public final class ApiRuntime {

  /** Classpath location of the contract. */
  public static final String CONTRACT = "openapi.yaml";

  private final ApiConfig config;
  private final String nodeId;
  private final DataStores stores;
  private final ApiDispatcher dispatcher;
  private final String schemaVersion;
  private final NodeLoadMeter load;
  private final LoadReporter reporter;
  private final Revocations revocations;

  private ApiRuntime(Vertx vertx, ApiConfig config, String nodeId, DataStores stores, ApiDispatcher dispatcher,
                     String schemaVersion, NodeLoadMeter load, Revocations revocations) {
    this.config = config;
    this.revocations = revocations;
    this.nodeId = nodeId;
    this.stores = stores;
    this.dispatcher = dispatcher;
    this.schemaVersion = schemaVersion;
    this.load = load;
    this.reporter = new LoadReporter(vertx, nodeId, load);
    reporter.start();
  }

  /**
   * Migrates the database (when configured), checks it answers, and binds the contract. Fails when PostgreSQL is
   * unreachable; Redis may be down (only what may be lost lives there: readiness reports it). The revocation feed's
   * first subscription and load is tried before the API starts, so a node that reaches Redis starts live.
   */
  public static Future<ApiRuntime> start(Vertx vertx, ApiConfig config, String nodeId) {
    DataStores stores = DataStores.create(vertx, config.database(), config.redis());
    RevocationList revoked = new RevocationList(config.jwt().revocationCapacity());
    RevocationFeed feed = new RevocationFeed(vertx, DataStores.redisOptions(config.redis()), stores.redis(), revoked);
    Revocations revocations = new Revocations(stores.redis(), revoked, feed, config.jwt().accessTtl());
    Future<String> schema = config.database().migrate()
      ? Migrations.migrate(vertx, stores.connectOptions(), config.database().timeouts())
      : stores.pingDatabase().map("unchecked");
    return schema
      .compose(version -> stores.pingDatabase().map(version))
      .recover(e -> Future.failedFuture(new DatabaseUnavailable(e)))
      .compose(version -> feed.start().map(version))
      .compose(version -> vertx.fileSystem().readFile(CONTRACT).compose(yaml ->
        ContractLoader.load(vertx, CONTRACT).map(loaded -> {
          Tokens tokens = new Tokens(vertx, config.jwt(), revocations);
          Map<String, OperationHandler> handlers = handlers(vertx, config, stores, tokens, revocations);
          handlers.putAll(new ContractHandlers(vertx, yaml, loaded.raw()).handlers(loaded.contract()));
          NodeLoadMeter load = new NodeLoadMeter(config.concurrency());
          ApiDispatcher dispatcher = new ApiDispatcher(vertx, loaded, handlers, tokens::authenticate, load);
          return new ApiRuntime(vertx, config, nodeId, stores, dispatcher, version, load, revocations);
        })))
      .onFailure(e -> feed.close().onComplete(ar -> stores.close()));
  }

  private static Map<String, OperationHandler> handlers(Vertx vertx, ApiConfig config, DataStores stores, Tokens tokens,
                                                        Revocations revocations) {
    Passwords passwords = new Passwords(vertx);
    Cache cache = new Cache(stores.redis());
    UserRepository users = new UserRepository(stores.pool());
    Map<String, OperationHandler> handlers = new HashMap<>();
    handlers.putAll(new AuthHandlers(users, passwords, tokens, new RefreshTokens(stores.redis(), revocations,
      config.jwt().refreshTtl()),
      new LoginThrottle(stores.redis()), config.adminEmail()).handlers());
    handlers.putAll(new UserHandlers(users, passwords, cache).handlers());
    handlers.putAll(new QuestionHandlers(new QuestionRepository(stores.pool()), cache).handlers());
    InterviewRepository interviews = new InterviewRepository(stores.pool());
    InterviewEvents events = new InterviewEvents(vertx.eventBus());
    handlers.putAll(new InterviewHandlers(interviews, events).handlers());
    handlers.putAll(new InterviewChanges(interviews, events).handlers());
    handlers.putAll(new InterviewQuestionHandlers(interviews, events).handlers());
    handlers.putAll(new FeedbackHandlers(interviews, new FeedbackRepository(stores.pool())).handlers());
    handlers.putAll(new AvatarHandlers(users, cache, new AvatarStore(vertx, config.uploads()),
      new ImageReencoder(vertx, AvatarHandlers.MAX_DIMENSION), config.uploads().maxSize()).handlers());
    handlers.putAll(new EventHandlers(vertx, EventHandlers.KEEP_ALIVE).handlers());
    return handlers;
  }

  public ApiConfig config() {
    return config;
  }

  /** This JVM's node id: API verticles consume {@code api.node.<nodeId>}. */
  public String nodeId() {
    return nodeId;
  }

  public DataStores stores() {
    return stores;
  }

  /** This node's revoked tokens and sessions, and the feed that keeps them in step with Redis. */
  public Revocations revocations() {
    return revocations;
  }

  public ApiDispatcher dispatcher() {
    return dispatcher;
  }

  /** The Flyway schema version found or installed at start. */
  public String schemaVersion() {
    return schemaVersion;
  }

  /** This node's load (in flight, capacity, latency, draining), as reported to proxies. */
  public NodeLoadMeter load() {
    return load;
  }

  /** Publishes the load now (after a change of capacity or when draining starts). */
  public void reportLoad() {
    reporter.publish();
  }

  /**
   * Tells proxies to send nothing new (a {@code draining} report), then completes once every proxy has had two
   * report periods to hear it and the in-flight work is done — or after {@code maxMillis}.
   */
  public Future<Void> drain(Vertx vertx, long maxMillis) {
    load.drain();
    reporter.publish();
    io.vertx.core.internal.logging.LoggerFactory.getLogger(ApiRuntime.class).info("draining: proxies choose this node"
      + " no more; " + load.inFlight() + " requests in flight, waiting at most " + maxMillis + " ms");
    long start = System.currentTimeMillis();
    long deadline = start + maxMillis;
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    vertx.setPeriodic(0, 50, t -> {
      long now = System.currentTimeMillis();
      boolean heard = now - start >= 2 * LoadReporter.PERIOD_MS;
      if ((heard && load.inFlight() == 0) || now >= deadline) {
        vertx.cancelTimer(t);
        done.tryComplete();
      }
    });
    return done.future();
  }

  public Future<Void> close() {
    reporter.stop();
    return revocations.feed().close().compose(v -> stores.close());
  }
}
