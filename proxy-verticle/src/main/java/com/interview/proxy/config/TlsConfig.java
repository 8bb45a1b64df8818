package com.interview.proxy.config;

/**
 * HTTPS on a second port, HTTP/2 negotiated by ALPN.
 *
 * @param enabled      listen for HTTPS at all
 * @param port         HTTPS port
 * @param cert         PEM certificate chain file
 * @param key          PEM private key file
 * @param redirectHttp answer plain-HTTP requests with 301 to the https URL
 */
public record TlsConfig(boolean enabled, int port, String cert, String key, boolean redirectHttp) {
}
