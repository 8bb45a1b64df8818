package com.interview.api.contract;

import com.interview.api.common.ApiProblem;
import io.vertx.core.Future;
import io.vertx.openapi.contract.Operation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dispatcher binds the real contract's operations to handlers one to one, or refuses to start. */
class ApiDispatcherTest {

  private static final OperationHandler UNUSED = call -> Future.failedFuture(ApiProblem.notFound("unused"));
  private static final Authenticator NOBODY = token -> Future.failedFuture(new IllegalStateException("unused"));

  private static RealContract real;

  @BeforeAll
  static void load() {
    real = RealContract.load();
  }

  @AfterAll
  static void close() {
    real.close();
  }

  /** A handler for every operation of the contract. */
  private static Map<String, OperationHandler> everyOperation() {
    Map<String, OperationHandler> handlers = new HashMap<>();
    for (Operation op : real.loaded.contract().operations()) {
      handlers.put(op.getOperationId(), UNUSED);
    }
    return handlers;
  }

  @Test
  void oneHandlerPerOperationStarts() {
    ApiDispatcher dispatcher = new ApiDispatcher(real.vertx, real.loaded, everyOperation(), NOBODY);
    assertThat(dispatcher.contract().operations()).hasSize(everyOperation().size());
  }

  @Test
  void anOperationWithoutAHandlerFailsStartUpNamingIt() {
    Map<String, OperationHandler> handlers = everyOperation();
    assertThat(handlers.remove("getQuestion")).isNotNull();
    assertThat(handlers.remove("logout")).isNotNull();
    assertThatThrownBy(() -> new ApiDispatcher(real.vertx, real.loaded, handlers, NOBODY))
      .isInstanceOf(IllegalStateException.class)
      .hasMessage("openapi.yaml: operations without a handler: [getQuestion, logout]");
  }

  @Test
  void aHandlerNamingNoOperationFailsStartUpNamingIt() {
    Map<String, OperationHandler> handlers = everyOperation();
    handlers.put("getQuestions", UNUSED); // a typo of getQuestion
    assertThatThrownBy(() -> new ApiDispatcher(real.vertx, real.loaded, handlers, NOBODY))
      .isInstanceOf(IllegalStateException.class)
      .hasMessage("openapi.yaml: handlers bound to no operation: [getQuestions]");
  }
}
