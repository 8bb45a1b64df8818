package com.interview.proxy.route;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RouteTableTest {

  private static Route route(String prefix) {
    return new Route(new RouteConfig(prefix, null, 0, List.of(), null), Route.Kind.UPSTREAM);
  }

  private final RouteTable table = new RouteTable(List.of(
    route("/api/"), route("/api/auth/"), route("/api/users/me/avatar"), route("/uploads/")));

  @Test
  void longestPrefixWinsWhateverTheConfigurationOrder() {
    assertThat(table.match("/api/auth/login").prefix()).isEqualTo("/api/auth/");
    assertThat(table.match("/api/users/me/avatar").prefix()).isEqualTo("/api/users/me/avatar");
    assertThat(table.match("/api/users/me").prefix()).isEqualTo("/api/");
    assertThat(table.match("/uploads/a.png").prefix()).isEqualTo("/uploads/");
  }

  @Test
  void aPrefixEndingInSlashAlsoTakesThePathWithoutIt() {
    assertThat(table.match("/api").prefix()).isEqualTo("/api/");
    assertThat(table.match("/api/auth").prefix()).isEqualTo("/api/auth/"); // nginx: 301 to /api/auth/, same zone
  }

  @Test
  void unmatchedPathsHaveNoRoute() {
    assertThat(table.match("/")).isNull();
    assertThat(table.match("/apix")).isNull();
    assertThat(table.match("/ap")).isNull();
  }
}
