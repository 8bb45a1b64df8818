package com.interview.proxy.balance;

/** Balancing strategy names as they appear in {@code proxy.upstream.balance}. */
public enum Balance {
  /** Fewest in-flight requests relative to weight; ties broken round robin (nginx {@code least_conn}). */
  LEAST_CONN,
  /** Weighted round robin (nginx default). */
  ROUND_ROBIN
}
