package com.interview.api.common;

/** Authorization decisions read as sentences: {@code Access.require(principal.isStaff(), "...")}. */
public final class Access {

  private Access() {
  }

  /** Fails with 403 {@code forbidden} unless {@code allowed}. */
  public static void require(boolean allowed, String detail) {
    if (!allowed) {
      throw new ApiProblem(403, "forbidden", detail);
    }
  }
}
