package com.interview.api.contract;

import com.interview.api.ApiRuntime;
import com.interview.testing.TestHttp;
import io.vertx.core.Vertx;

/** The real {@code openapi.yaml}, loaded as at start-up in a Vert.x of its own, for unit tests of what is built from it. */
final class RealContract implements AutoCloseable {

  final Vertx vertx;
  final ContractLoader.Loaded loaded;

  private RealContract(Vertx vertx, ContractLoader.Loaded loaded) {
    this.vertx = vertx;
    this.loaded = loaded;
  }

  static RealContract load() {
    Vertx vertx = Vertx.vertx();
    return new RealContract(vertx, TestHttp.await(ContractLoader.load(vertx, ApiRuntime.CONTRACT)));
  }

  @Override
  public void close() {
    TestHttp.await(vertx.close());
  }
}
