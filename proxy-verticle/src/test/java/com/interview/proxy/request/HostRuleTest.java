package com.interview.proxy.request;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 9112 §3.2 Host rules. */
class HostRuleTest {

  @ParameterizedTest
  @ValueSource(strings = {"edge", "edge:80", "api.example.com", "api.example.com.", "127.0.0.1:8080", "[::1]",
    "[::1]:443", "[2001:db8::1]:65535", "my_host", "EDGE"})
  void accepts(String host) {
    assertThatCode(() -> HostRule.check(List.of(host), true, null)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "u@a", "user:pw@edge", "a b", "a,b", "a, b", "edge:", "edge:0", "edge:65536", "edge:8o",
    "edge:123456", "[::1", "[]", "[::g]", "edge/x", "edge?x", "edge#x", "ed\"ge", "edge:80:81", "[::1]x", "%65dge"})
  void refuses(String host) {
    assertThatThrownBy(() -> HostRule.check(List.of(host), true, null)).isInstanceOf(RequestRefused.class)
      .satisfies(e -> assertThat(((RequestRefused) e).failure().code()).isEqualTo("invalid_host"));
  }

  @Test
  void http11NeedsExactlyOneHost() {
    assertThatThrownBy(() -> HostRule.check(List.of(), true, null)).isInstanceOf(RequestRefused.class);
    assertThatThrownBy(() -> HostRule.check(List.of("a", "a"), true, null)).isInstanceOf(RequestRefused.class);
    assertThatThrownBy(() -> HostRule.check(List.of("a", "b"), false, null)).isInstanceOf(RequestRefused.class);
    assertThatCode(() -> HostRule.check(List.of(), false, null)).as("HTTP/1.0 may omit it").doesNotThrowAnyException();
  }

  @Test
  void anAbsoluteTargetMustNameTheHostItself() {
    assertThatCode(() -> HostRule.check(List.of("Edge:80"), true, "edge:80")).doesNotThrowAnyException();
    assertThatThrownBy(() -> HostRule.check(List.of("edge"), true, "evil")).isInstanceOf(RequestRefused.class);
    assertThatThrownBy(() -> HostRule.check(List.of(), false, "u@evil")).isInstanceOf(RequestRefused.class);
  }
}
