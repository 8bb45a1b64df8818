package com.interview.api.contract;

import com.interview.api.common.ApiProblem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The documentation: {@code GET /api} (Swagger UI rendering our contract for browsers, an index of operations for
 * clients that ask for {@code application/json}), {@code GET /api/openapi.yaml} (the contract) and
 * {@code GET /api/docs/{asset}} (Swagger UI's files, from the {@code org.webjars:swagger-ui} jar).
 */
public final class ContractHandlers {

  /** Swagger UI's files we serve, and their types. */
  private static final Map<String, String> ASSETS = Map.of(
    "swagger-ui.css", "text/css",
    "swagger-ui-bundle.js", "application/javascript",
    "favicon-32x32.png", "image/png",
    "favicon-16x16.png", "image/png");
  private static final Buffer INIT = Buffer.buffer("window.ui = SwaggerUIBundle({ url: '/api/openapi.yaml', "
    + "dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true });\n");

  private final Vertx vertx;
  private final Buffer contractYaml;
  private final JsonObject info;
  private final String webjarRoot;
  private final Map<String, Buffer> loaded = new ConcurrentHashMap<>();

  public ContractHandlers(Vertx vertx, Buffer contractYaml, JsonObject rawContract) {
    this.vertx = vertx;
    this.contractYaml = contractYaml;
    this.info = rawContract.getJsonObject("info", new JsonObject());
    this.webjarRoot = "META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
  }

  public Map<String, OperationHandler> handlers(OpenAPIContract contract) {
    Buffer page = Buffer.buffer(page());
    JsonObject index = index(contract);
    return Map.of(
      // the representation follows Accept: caches must key on it (RFC 9110 §12.5.5)
      "getApiIndex", call -> Future.succeededFuture((wantsJson(call.request())
        ? ApiResponse.json(200, index)
        : ApiResponse.of(200, "text/html; charset=utf-8", page).header(ContentSecurity.HEADER, ContentSecurity.DOCS))
        .header(HttpHeaders.VARY, "Accept")),
      "getOpenApiContract", call -> Future.succeededFuture(ApiResponse.of(200, "application/yaml", contractYaml)),
      "getDocsAsset", call -> asset((String) call.pathParam("asset")));
  }

  private Future<ApiResponse> asset(String name) {
    if (name.equals("init.js")) {
      return Future.succeededFuture(ApiResponse.of(200, "application/javascript", INIT));
    }
    String type = ASSETS.get(name);
    if (type == null) {
      return Future.failedFuture(ApiProblem.notFound("No documentation file " + name + "."));
    }
    Buffer cached = loaded.get(name);
    Future<Buffer> bytes = cached != null ? Future.succeededFuture(cached)
      : vertx.fileSystem().readFile(webjarRoot + name).onSuccess(b -> loaded.put(name, b));
    return bytes.map(b -> ApiResponse.of(200, type, b).header(HttpHeaders.CACHE_CONTROL, "public, max-age=3600"));
  }

  private static boolean wantsJson(ApiRequest request) {
    String accept = request.header(HttpHeaders.ACCEPT);
    return accept != null && accept.contains("application/json") && !accept.contains("text/html");
  }

  private String page() {
    String title = info.getString("title", "API");
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title>\n"
      + "<link rel=\"icon\" href=\"/api/docs/favicon-32x32.png\">\n"
      + "<link rel=\"stylesheet\" href=\"/api/docs/swagger-ui.css\"></head>\n"
      + "<body><div id=\"swagger-ui\"></div>\n"
      + "<script src=\"/api/docs/swagger-ui-bundle.js\"></script>\n"
      + "<script src=\"/api/docs/init.js\"></script></body></html>\n";
  }

  private JsonObject index(OpenAPIContract contract) {
    JsonArray operations = new JsonArray();
    for (Operation op : contract.operations()) {
      operations.add(new JsonObject()
        .put("operationId", op.getOperationId())
        .put("method", op.getHttpMethod().name())
        .put("path", op.getOpenAPIPath())
        .put("summary", op.getOpenAPIModel().getString("summary", "")));
    }
    return new JsonObject()
      .put("title", info.getString("title", "API"))
      .put("version", info.getString("version", ""))
      .put("operations", operations);
  }

  private static String swaggerUiVersion() {
    try (InputStream in = ContractHandlers.class.getClassLoader()
      .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
