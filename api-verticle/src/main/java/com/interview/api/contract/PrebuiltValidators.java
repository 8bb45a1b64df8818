package com.interview.api.contract;

import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.openapi.contract.SecurityScheme;
import io.vertx.openapi.contract.Server;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contract as the request validator sees it, with a schema repository that hands out validators built once at
 * start for every parameter and request body schema of every operation.
 *
 * <p>vertx-json-schema 5.0.7 builds a new validator on every {@code SchemaRepository.validator(schema)} call, and
 * each copies the repository's whole table of schemas: with our contract that was 30 % of the API's CPU on
 * {@code GET /api/questions/{id}} (JFR, {@code scripts/bench/api-vs-pgbench.sh}). Validators are stateless between
 * calls, so one per schema serves every event loop. The table is filled in the constructor and only read after,
 * so it needs no lock; a schema not in it (none, today) gets a fresh validator as before.
 */
final class PrebuiltValidators implements OpenAPIContract {

  private final OpenAPIContract contract;
  private final Repository repository;

  PrebuiltValidators(OpenAPIContract contract) {
    this.contract = contract;
    SchemaRepository schemas = contract.getSchemaRepository();
    Map<JsonSchema, Validator> built = new IdentityHashMap<>();
    for (Operation op : contract.operations()) {
      for (Parameter p : op.getParameters()) {
        built.computeIfAbsent(p.getSchema(), schemas::validator);
      }
      if (op.getRequestBody() != null) {
        for (MediaType type : op.getRequestBody().getContent().values()) {
          if (type.getSchema() != null) {
            built.computeIfAbsent(type.getSchema(), schemas::validator);
          }
        }
      }
    }
    this.repository = new Repository(schemas, built);
  }

  /** How many validators were built at start (for tests). */
  int prebuilt() {
    return repository.built.size();
  }

  @Override
  public SchemaRepository getSchemaRepository() {
    return repository;
  }

  @Override
  public Operation operation(String operationId) {
    return contract.operation(operationId);
  }

  @Override
  public List<Operation> operations() {
    return contract.operations();
  }

  @Override
  public List<Path> getPaths() {
    return contract.getPaths();
  }

  @Override
  public JsonObject getRawContract() {
    return contract.getRawContract();
  }

  @Override
  public OpenAPIVersion getVersion() {
    return contract.getVersion();
  }

  @Override
  public List<Server> getServers() {
    return contract.getServers();
  }

  @Override
  public Path findPath(String urlPath) {
    return contract.findPath(urlPath);
  }

  @Override
  public Operation findOperation(String urlPath, HttpMethod method) {
    return contract.findOperation(urlPath, method);
  }

  @Override
  public List<SecurityRequirement> getSecurityRequirements() {
    return contract.getSecurityRequirements();
  }

  @Override
  public SecurityScheme securityScheme(String name) {
    return contract.securityScheme(name);
  }

  /** The contract's repository, except that {@link #validator(JsonSchema)} answers from the prebuilt table. */
  private record Repository(SchemaRepository schemas, Map<JsonSchema, Validator> built) implements SchemaRepository {

    @Override
    public Validator validator(JsonSchema schema) {
      Validator v = built.get(schema);
      return v != null ? v : schemas.validator(schema);
    }

    @Override
    public SchemaRepository dereference(JsonSchema schema) {
      return schemas.dereference(schema);
    }

    @Override
    public SchemaRepository dereference(String uri, JsonSchema schema) {
      return schemas.dereference(uri, schema);
    }

    @Override
    public SchemaRepository preloadMetaSchema(FileSystem fs) {
      return schemas.preloadMetaSchema(fs);
    }

    @Override
    public SchemaRepository preloadMetaSchema(FileSystem fs, Draft draft) {
      return schemas.preloadMetaSchema(fs, draft);
    }

    @Override
    public Validator validator(String ref) {
      return schemas.validator(ref);
    }

    @Override
    public Validator validator(String ref, JsonSchemaOptions options) {
      return schemas.validator(ref, options);
    }

    @Override
    public Validator validator(JsonSchema schema, JsonSchemaOptions options, boolean dereference) {
      return schemas.validator(schema, options, dereference);
    }

    @Override
    public JsonObject resolve(JsonObject schema) {
      return schemas.resolve(schema);
    }

    @Override
    public JsonSchema find(String pointer) {
      return schemas.find(pointer);
    }
  }
}
