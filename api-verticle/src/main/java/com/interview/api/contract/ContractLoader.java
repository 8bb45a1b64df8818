package com.interview.api.contract;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.impl.Utils;

/**
 * Loads {@code openapi.yaml} for the validator. The document we publish says what we really send
 * ({@code application/problem+json}, {@code text/html}, {@code application/yaml}); vertx-openapi refuses
 * response media types outside its short list although it never validates responses at run time. So the
 * validator gets a copy whose response media types are folded to ones it accepts ({@code +json} types to
 * {@code application/json}, others to {@code text/plain}); requests are untouched.
 */
public final class ContractLoader {

  private ContractLoader() {
  }

  /** Completes with the raw document (for publishing) and the contract (for matching and validation). */
  public static Future<Loaded> load(Vertx vertx, String path) {
    return Utils.readYamlOrJson(vertx, path).compose(raw ->
      OpenAPIContract.from(vertx, forValidator(raw.copy())).map(contract -> new Loaded(raw, contract)));
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
   * @param raw      the document as written
   * @param contract the validator's contract
   */
  public record Loaded(JsonObject raw, OpenAPIContract contract) {
  }
}
