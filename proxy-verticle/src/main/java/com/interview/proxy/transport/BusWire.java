package com.interview.proxy.transport;

/**
 * The HTTP-over-event-bus convention between proxies and API nodes — the whole contract, no shared Java types.
 *
 * <p>Request: one message sent to {@code api.node.<nodeId>}; body = the request body (a {@code Buffer}, absent
 * when there is none); message headers = the request headers (hop-by-hop removed, {@code X-Forwarded-*},
 * {@code X-Real-IP} and {@code X-Request-Id} set by the proxy) plus the pseudo-headers
 * {@code :method}, {@code :path} (path and query, as received), {@code :authority} (the client's Host),
 * {@code :scheme} ({@code http}/{@code https}) and {@code :client} (the client address the proxy resolved).
 *
 * <p>Reply: body = the response body; headers = the response headers plus {@code :status}. A failed message
 * (no handler, timeout) means the API never answered: the proxy maps it to 502 or 504, or repeats the request on
 * another node when its retry policy allows (no handler: the message reached nobody, any method; timeout or the
 * node leaving while the request is out: idempotent methods only).
 *
 * <p>In-JVM delivery: when the chosen node is the proxy's own JVM, the request is sent with the codec
 * {@value #LOCAL_CODEC} (the body buffer is handed over, not copied) and carries {@code :reply-codec} naming it;
 * the API replies with that codec, so the answer is not copied either. A node never sets it for a remote proxy.
 *
 * <p><b>Streamed replies</b> (Server-Sent Events), whose body is produced after the head for as long as the
 * client listens:
 * <ol>
 *   <li>For a GET whose {@code Accept} includes {@code text/event-stream}, the proxy first registers a consumer
 *       on a fresh address {@code proxy.stream.<uuid>} and waits until the registration completed (in a cluster
 *       it must be known to every node before an API node sends to it), then sends the request with the extra
 *       pseudo-header {@code :stream-to: <that address>}.</li>
 *   <li>An API node whose answer is a stream replies with the head: {@code :status} and the headers, an empty
 *       body, and {@code :stream-to} repeated — "the body follows at this address". A reply without
 *       {@code :stream-to} is an ordinary complete answer (an error, say); the proxy drops its consumer.
 *       A request that did not carry {@code :stream-to} gets 406 {@code stream_not_accepted} for a stream.</li>
 *   <li>Each chunk of the body is a request ({@code eventBus().request}) to the stream address, body = the
 *       chunk. The proxy writes it to the client and replies (an empty acknowledgement) once the client's
 *       connection took it — at once, or when its write queue drained. The API sends the next chunk only after
 *       that reply: back-pressure from the client's socket to the producer. A chunk may arrive before the head's
 *       reply was handled; the proxy holds it until the head is written.</li>
 *   <li>The end is a message (sent, not a request) with the header {@code :end}, after the last chunk was
 *       acknowledged; the proxy ends the response and drops its consumer.</li>
 *   <li>When the client leaves, the proxy drops its consumer (and fails a chunk it holds); the API's next chunk
 *       then fails (no handler; or no acknowledgement within 30 s) and the API stops producing. A stream
 *       silent for longer than the route's read timeout is cut by the proxy (the connection is reset, as
 *       nginx's {@code proxy_read_timeout} between two reads): the API is gone. Producers that may be idle
 *       (Server-Sent Events) send a comment often enough.</li>
 * </ol>
 */
public final class BusWire {

  /** Address prefix of an API node: {@code api.node.<nodeId>}. */
  public static final String NODE_ADDRESS_PREFIX = "api.node.";
  /** Address prefix of the consumer a proxy registers for one streamed reply. */
  public static final String STREAM_ADDRESS_PREFIX = "proxy.stream.";
  public static final String METHOD = ":method";
  public static final String PATH = ":path";
  public static final String AUTHORITY = ":authority";
  public static final String SCHEME = ":scheme";
  public static final String CLIENT = ":client";
  public static final String STATUS = ":status";
  /** On a request: where a streamed body may be sent; on a reply: the body follows there. */
  public static final String STREAM_TO = ":stream-to";
  /** On a message to a stream address: the body is complete. */
  public static final String END = ":end";
  /** On a request from a proxy of the same JVM: the codec to reply with. */
  public static final String REPLY_CODEC = ":reply-codec";
  /** The name of {@link LocalBufferCodec}. */
  public static final String LOCAL_CODEC = "interview.buffer.local";

  private BusWire() {
  }

  public static String nodeAddress(String nodeId) {
    return NODE_ADDRESS_PREFIX + nodeId;
  }
}
