package com.interview.api.contract;

import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
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
 *
 * <p>A parameter whose schema is only {@code {type: string, format: uuid}} (the {@code {id}} of every resource)
 * gets {@link CanonicalUuid} in front of its validator: the library's format check was 11 % of the CPU of
 * {@code GET /api/questions/{id}} (JFR, {@code scripts/bench/api-profile.sh}).
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
        built.computeIfAbsent(p.getSchema(), schema -> {
          Validator v = schemas.validator(schema);
          return CanonicalUuid.isOnlyUuid(schema) ? new CanonicalUuid(v) : v;
        });
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

  /**
   * A UUID in its canonical lower-case form ({@code 8-4-4-4-12} hex digits) is valid without the library; anything
   * else — upper case, {@code urn:uuid:}, not a UUID — goes to the library's validator, so every verdict and every
   * error it reports stays the library's.
   */
  static final class CanonicalUuid implements Validator {

    private final Validator library;

    CanonicalUuid(Validator library) {
      this.library = library;
    }

    /** {@code {type: string, format: uuid}} and nothing else (the library's own {@code __...} keys aside). */
    static boolean isOnlyUuid(JsonSchema schema) {
      for (String key : schema.fieldNames()) {
        if (!key.startsWith("__") && !key.equals("type") && !key.equals("format")) {
          return false;
        }
      }
      return "string".equals(schema.get("type")) && "uuid".equals(schema.get("format"));
    }

    static boolean canonical(String s) {
      if (s.length() != 36) {
        return false;
      }
      for (int i = 0; i < 36; i++) {
        char c = s.charAt(i);
        if (i == 8 || i == 13 || i == 18 || i == 23) {
          if (c != '-') {
            return false;
          }
        } else if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
          return false;
        }
      }
      return true;
    }

    @Override
    public OutputUnit validate(Object instance) {
      return instance instanceof String s && canonical(s) ? new OutputUnit(true) : library.validate(instance);
    }
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
