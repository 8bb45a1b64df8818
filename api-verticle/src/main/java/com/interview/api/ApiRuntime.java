package com.interview.api;

import com.interview.api.auth.AuthHandlers;
import com.interview.api.auth.LoginThrottle;
import com.interview.api.auth.Passwords;
import com.interview.api.auth.RefreshTokens;
import com.interview.api.auth.Tokens;
import com.interview.api.contract.ApiDispatcher;
import com.interview.api.contract.ContractHandlers;
import com.interview.api.contract.ContractLoader;
import com.interview.api.contract.OperationHandler;
import com.interview.api.contract.Pending;
import com.interview.api.db.Cache;
import com.interview.api.db.DataStores;
import com.interview.api.db.DatabaseUnavailable;
import com.interview.api.db.Migrations;
import com.interview.api.feedback.FeedbackHandlers;
import com.interview.api.feedback.FeedbackRepository;
import com.interview.api.interview.InterviewChanges;
import com.interview.api.interview.InterviewEvents;
import com.interview.api.interview.InterviewHandlers;
import com.interview.api.interview.InterviewQuestionHandlers;
import com.interview.api.interview.InterviewRepository;
import com.interview.api.question.QuestionHandlers;
import com.interview.api.question.QuestionRepository;
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

  private ApiRuntime(ApiConfig config, String nodeId, DataStores stores, ApiDispatcher dispatcher, String schemaVersion) {
    this.config = config;
    this.nodeId = nodeId;
    this.stores = stores;
    this.dispatcher = dispatcher;
    this.schemaVersion = schemaVersion;
  }

  /**
   * Migrates the database (when configured), checks it answers, and binds the contract. Fails when PostgreSQL is
   * unreachable; Redis may be down (only what may be lost lives there: readiness reports it).
   */
  public static Future<ApiRuntime> start(Vertx vertx, ApiConfig config, String nodeId) {
    DataStores stores = DataStores.create(vertx, config.database(), config.redis());
    Future<String> schema = config.database().migrate()
      ? Migrations.migrate(vertx, stores.connectOptions())
      : stores.pingDatabase().map("unchecked");
    return schema
      .compose(version -> stores.pingDatabase().map(version))
      .recover(e -> Future.failedFuture(new DatabaseUnavailable(e)))
      .compose(version -> vertx.fileSystem().readFile(CONTRACT).compose(yaml ->
        ContractLoader.load(vertx, CONTRACT).map(loaded -> {
          Tokens tokens = new Tokens(vertx, config.jwt(), stores.redis());
          Map<String, OperationHandler> handlers = handlers(vertx, config, stores, tokens);
          handlers.putAll(new ContractHandlers(vertx, yaml, loaded.raw()).handlers(loaded.contract()));
          ApiDispatcher dispatcher = new ApiDispatcher(vertx, loaded, handlers, tokens::authenticate);
          return new ApiRuntime(config, nodeId, stores, dispatcher, version);
        })))
      .onFailure(e -> stores.close());
  }

  private static Map<String, OperationHandler> handlers(Vertx vertx, ApiConfig config, DataStores stores, Tokens tokens) {
    Passwords passwords = new Passwords(vertx);
    Cache cache = new Cache(stores.redis());
    UserRepository users = new UserRepository(stores.pool());
    Map<String, OperationHandler> handlers = new HashMap<>();
    handlers.putAll(new AuthHandlers(users, passwords, tokens, new RefreshTokens(stores.redis(), config.jwt().refreshTtl()),
      new LoginThrottle(stores.redis()), config.adminEmail()).handlers());
    handlers.putAll(new UserHandlers(users, passwords, cache).handlers());
    handlers.putAll(new QuestionHandlers(new QuestionRepository(stores.pool()), cache).handlers());
    InterviewRepository interviews = new InterviewRepository(stores.pool());
    InterviewEvents events = new InterviewEvents(vertx.eventBus());
    handlers.putAll(new InterviewHandlers(interviews, events).handlers());
    handlers.putAll(new InterviewChanges(interviews, events).handlers());
    handlers.putAll(new InterviewQuestionHandlers(interviews, events).handlers());
    handlers.putAll(new FeedbackHandlers(interviews, new FeedbackRepository(stores.pool())).handlers());
    handlers.putAll(Pending.of("putAvatar", "streamEvents"));
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

  public ApiDispatcher dispatcher() {
    return dispatcher;
  }

  /** The Flyway schema version found or installed at start. */
  public String schemaVersion() {
    return schemaVersion;
  }

  public Future<Void> close() {
    return stores.close();
  }
}
