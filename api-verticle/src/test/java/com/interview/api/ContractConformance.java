package com.interview.api;

import com.interview.testing.TestHttp;
import com.interview.testing.TestHttp.Reply;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Response;
import io.vertx.openapi.validation.ResponseParameter;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableResponseImpl;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks answers against {@code openapi.yaml}: the status must be one the operation declares — explicitly or through
 * its {@code default} — the headers it declares must be there and the body must match that response's schema
 * (vertx-openapi's ResponseValidator). Every 4xx/5xx must be {@code application/problem+json}. Remembers which
 * operations it has seen.
 */
public final class ContractConformance {

  private final TestApi api;
  private final ResponseValidator validator;
  private final Set<String> seen = new TreeSet<>();

  public ContractConformance(TestApi api) {
    this.api = api;
    this.validator = ResponseValidator.create(api.vertx(), api.runtime().dispatcher().contract());
  }

  /**
   * Fails unless {@code r} has {@code status} and is an answer {@code operationId} declares, with the headers it
   * declares as required and a body its schema accepts ({@code +json} bodies are validated as JSON; documents only
   * for a declared non-JSON media type).
   */
  public Reply conform(String operationId, int status, Reply r) {
    assertThat(r.status()).as("%s: %s", operationId, r.text()).isEqualTo(status);
    seen.add(operationId);
    Operation op = api.runtime().dispatcher().contract().operation(operationId);
    Response declared = op.getResponse(status) != null ? op.getResponse(status) : op.getDefaultResponse();
    assertThat(declared).as("%s declares %d", operationId, status).isNotNull();
    String type = r.header("Content-Type") == null ? "" : r.header("Content-Type");
    String base = type.contains(";") ? type.substring(0, type.indexOf(';')).trim() : type;
    if (status >= 400) {
      assertThat(base).as("%s %d media type", operationId, status).isEqualTo("application/problem+json");
    }
    // keyed by the declared names: the library looks headers up by them, case-sensitively
    Map<String, ResponseParameter> headers = new HashMap<>();
    for (Parameter header : declared.getHeaders()) {
      String value = r.header(header.getName());
      assertThat(value != null || !header.isRequired()).as("%s %d header %s", operationId, status, header.getName()).isTrue();
      if (value != null) {
        headers.put(header.getName(), new RequestParameterImpl(value));
      }
    }
    if (r.body().length() > 0 && !base.endsWith("json")) {
      // The validator reads JSON bodies only; a document's schema is "type: string", which any body satisfies, so
      // what can be checked is that the operation declares this status with a non-JSON media type.
      assertThat(declared.getContent().keySet()).as("%s %d media types", operationId, status)
        .anyMatch(media -> !media.endsWith("json"));
      return r;
    }
    ResponseParameter body = new RequestParameterImpl(r.body().length() == 0 ? null : r.body());
    String contentType = r.body().length() == 0 ? null : "application/json";
    try {
      TestHttp.await(validator.validate(new ValidatableResponseImpl(r.status(), headers, body, contentType), operationId));
    } catch (AssertionError e) {
      throw new AssertionError(operationId + " " + r.status() + " does not match the contract: " + e.getCause()
        + "\n" + r.text(), e);
    }
    return r;
  }

  /** Records an operation checked by other means (a stream is never complete, so only its head is checked). */
  public void seen(String operationId) {
    seen.add(operationId);
  }

  /** The contract's operations no answer was checked for. */
  public Set<String> unchecked() {
    Set<String> all = new TreeSet<>();
    for (Operation op : api.runtime().dispatcher().contract().operations()) {
      all.add(op.getOperationId());
    }
    all.removeAll(seen);
    return all;
  }
}
