package com.interview.api;

import com.interview.api.contract.ApiDispatcher;
import com.interview.api.contract.ContractHandlers;
import com.interview.api.contract.ContractLoader;
import com.interview.api.contract.OperationHandler;
import com.interview.api.db.DataStores;
import com.interview.api.db.DatabaseUnavailable;
import com.interview.api.db.Migrations;
import com.interview.api.question.QuestionHandlers;
import com.interview.api.question.QuestionRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.openapi.contract.OpenAPIContract;

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
          OpenAPIContract contract = loaded.contract();
          Map<String, OperationHandler> handlers = new HashMap<>();
          handlers.putAll(new ContractHandlers(yaml, loaded.raw()).handlers(contract));
          handlers.putAll(new QuestionHandlers(new QuestionRepository(stores.pool())).handlers());
          return new ApiRuntime(config, nodeId, stores, new ApiDispatcher(vertx, contract, handlers), version);
        })))
      .onFailure(e -> stores.close());
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
