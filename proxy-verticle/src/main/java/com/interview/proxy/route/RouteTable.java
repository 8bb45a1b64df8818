package com.interview.proxy.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Longest-prefix routing, like nginx prefix {@code location}s. Built once at start; matching walks the routes
 * from the longest prefix to the shortest (a handful, so a scan beats a trie). A prefix ending in {@code /} also
 * takes the path without that slash ({@code /api/} takes {@code /api}), where nginx would answer a 301 first.
 */
public final class RouteTable {

  private final Route[] byLength;

  public RouteTable(List<Route> routes) {
    List<Route> sorted = new ArrayList<>(routes);
    sorted.sort(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed());
    this.byLength = sorted.toArray(new Route[0]);
  }

  /** The route with the longest prefix of {@code path}, or null. */
  public Route match(String path) {
    for (Route r : byLength) {
      String prefix = r.prefix();
      if (path.startsWith(prefix)) {
        return r;
      }
      int bare = prefix.length() - 1;
      if (bare > 0 && prefix.charAt(bare) == '/' && path.length() == bare && prefix.startsWith(path)) {
        return r;
      }
    }
    return null;
  }

  public List<Route> routes() {
    return List.of(byLength);
  }
}
