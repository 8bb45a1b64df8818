package com.interview.api.contract;

import com.interview.api.auth.Principal;
import io.vertx.core.Future;

/** Turns a bearer token into the caller, or fails with a 401 problem. */
@FunctionalInterface
public interface Authenticator {
  Future<Principal> authenticate(String bearerToken);
}
