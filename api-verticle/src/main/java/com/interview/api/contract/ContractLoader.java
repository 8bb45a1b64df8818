package com.interview.api.contract;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.impl.Utils;

/**
 * Loads {@code openapi.yaml} for the validator. The document we publish says what we really exchange
 * ({@code application/problem+json}, {@code text/html}, {@code text/event-stream}, {@code image/png} uploads);
 * vertx-openapi refuses media types outside its short list. So the validator gets a copy whose media types are
 * folded to ones it accepts — responses: {@code +json} to {@code application/json}, others to {@code text/plain};
 * request bodies: others to {@code application/octet-stream} — and the dispatcher keeps each operation's real
 * request types to check the client's {@code Content-Type} against.
 */
public final class ContractLoader {

  private ContractLoader() {
  }

  /** Completes with the raw document (for publishing) and the contract (for matching and validation). */
  public static Future<Loaded> load(Vertx vertx, String path) {
    return Utils.readYamlOrJson(vertx, path).compose(raw ->
      OpenAPIContract.from(vertx, forValidator(raw.copy())).map(contract -> new Loaded(raw, contract, requestTypes(raw))));
  }

  /** operationId → the media types its request body accepts, as written. */
  static java.util.Map<String, java.util.List<String>> requestTypes(JsonObject doc) {
    java.util.Map<String, java.util.List<String>> out = new java.util.HashMap<>();
    JsonObject paths = doc.getJsonObject("paths", new JsonObject());
    for (String p : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(p);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject op && op.getValue("requestBody") instanceof JsonObject body
          && body.getValue("content") instanceof JsonObject content) {
          out.put(op.getString("operationId"), java.util.List.copyOf(content.fieldNames()));
        }
      }
    }
    return out;
  }

  /** The media type the validator knows for a request body of {@code type}. */
  public static String forValidator(String type) {
    return MediaType.isMediaTypeSupported(type) ? type : MediaType.APPLICATION_OCTET_STREAM;
  }

  static JsonObject forValidator(JsonObject doc) {
    JsonObject paths = doc.getJsonObject("paths", new JsonObject());
    for (String p : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(p);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject op && op.getValue("responses") instanceof JsonObject responses) {
          responses.forEach(e -> {
            if (e.getValue() instanceof JsonObject response && response.getValue("content") instanceof JsonObject content) {
              response.put("content", fold(content));
            }
          });
        }
        if (item.getValue(method) instanceof JsonObject op && op.getValue("requestBody") instanceof JsonObject body
          && body.getValue("content") instanceof JsonObject content) {
          JsonObject folded = new JsonObject();
          for (String type : content.fieldNames()) {
            String target = forValidator(type);
            if (!folded.containsKey(target)) {
              folded.put(target, content.getValue(type));
            }
          }
          body.put("content", folded);
        }
      }
    }
    JsonObject components = doc.getJsonObject("components", new JsonObject());
    if (components.getValue("responses") instanceof JsonObject shared) {
      shared.forEach(e -> {
        if (e.getValue() instanceof JsonObject response && response.getValue("content") instanceof JsonObject content) {
          response.put("content", fold(content));
        }
      });
    }
    return doc;
  }

  private static JsonObject fold(JsonObject content) {
    JsonObject out = new JsonObject();
    for (String type : content.fieldNames()) {
      String target = MediaType.isMediaTypeSupported(type) ? type
        : type.endsWith("+json") ? MediaType.APPLICATION_JSON : MediaType.TEXT_PLAIN;
      if (!out.containsKey(target)) {
        out.put(target, content.getValue(type));
      }
    }
    return out;
  }

  /**
   * @param raw          the document as written
   * @param contract     the validator's contract
   * @param requestTypes operationId → request media types as written
   */
  public record Loaded(JsonObject raw, OpenAPIContract contract, java.util.Map<String, java.util.List<String>> requestTypes) {
  }
}
