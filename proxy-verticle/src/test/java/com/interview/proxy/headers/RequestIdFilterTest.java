package com.interview.proxy.headers;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdFilterTest {

  @Test
  void keepsSaneIdsOnly() {
    assertThat(RequestIdFilter.isSane("abc-123_X.y")).isTrue();
    assertThat(RequestIdFilter.isSane("")).isFalse();
    assertThat(RequestIdFilter.isSane("a b")).isFalse();
    assertThat(RequestIdFilter.isSane("x\r\nSet-Cookie: a")).isFalse();
    assertThat(RequestIdFilter.isSane("a".repeat(129))).isFalse();
  }

  @Test
  void generatesDistinct128BitHexIds() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = RequestIdFilter.newId();
      assertThat(id).matches("[0-9a-f]{32}");
      ids.add(id);
    }
    assertThat(ids).hasSize(10_000);
  }
}
