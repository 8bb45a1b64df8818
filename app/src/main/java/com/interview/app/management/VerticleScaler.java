package com.interview.app.management;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Runtime scaling of this JVM's verticles ({@code /admin/verticles/{kind}}). */
@FunctionalInterface
public interface VerticleScaler {

  /** {@code delta} more (or fewer) instances of {@code kind} ({@code api} or {@code proxy}). */
  Future<JsonObject> scale(String kind, int delta);
}
