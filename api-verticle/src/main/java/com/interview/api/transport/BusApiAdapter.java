package com.interview.api.transport;

import com.interview.api.common.ApiProblem;
import com.interview.api.contract.ApiDispatcher;
import com.interview.api.contract.ApiRequest;
import com.interview.api.contract.ApiResponse;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpMethod;

import java.util.Map;

/**
 * HTTP over the event bus, API side: a message on {@code api.node.<nodeId>} becomes an {@link ApiRequest}, the
 * answer becomes the reply. The convention (pseudo-headers {@code :method :path :authority :scheme :client},
 * reply {@code :status}; {@code :reply-codec}; streamed replies with {@code :stream-to} and {@code :end}) is
 * documented once, in the proxy's {@code BusWire}; these constants mirror it.
 *
 * <p>A streamed answer (Server-Sent Events) needs a request that carried {@code :stream-to}: the reply is then
 * the head (with {@code :stream-to} repeated, saying a body follows there) and the chunks follow as messages to
 * that address ({@link BusStreamSink}). Without it a stream cannot be carried: 406 {@code stream_not_accepted}.
 */
public final class BusApiAdapter implements Handler<Message<Buffer>> {

  /** Address prefix the API nodes consume. */
  public static final String NODE_ADDRESS_PREFIX = "api.node.";
  static final String METHOD = ":method";
  static final String PATH = ":path";
  static final String CLIENT = ":client";
  static final String STATUS = ":status";
  static final String STREAM_TO = ":stream-to";
  static final String END = ":end";
  static final String REPLY_CODEC = ":reply-codec";

  private final EventBus bus;
  private final ApiDispatcher dispatcher;

  public BusApiAdapter(EventBus bus, ApiDispatcher dispatcher) {
    this.bus = bus;
    this.dispatcher = dispatcher;
  }

  @Override
  public void handle(Message<Buffer> message) {
    MultiMap in = message.headers();
    String method = in.get(METHOD);
    String path = in.get(PATH);
    if (method == null || path == null || !path.startsWith("/")) {
      message.fail(400, "not an HTTP-over-bus request: :method and :path are required");
      return;
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (Map.Entry<String, String> h : in) {
      if (h.getKey().charAt(0) != ':') {
        headers.add(h.getKey(), h.getValue());
      }
    }
    Buffer body = message.body();
    ApiRequest request = new ApiRequest(HttpMethod.valueOf(method), path, headers,
      body == null || body.length() == 0 ? null : body, in.get(CLIENT));
    dispatcher.dispatch(request).onSuccess(response -> reply(message, response, in.get(STREAM_TO)));
  }

  private void reply(Message<Buffer> message, ApiResponse response, String streamTo) {
    if (response.stream() != null && streamTo == null) {
      response = ApiResponse.problem(new ApiProblem(406, "stream_not_accepted",
        "This answer is a stream; over the event bus it needs a :stream-to address (send Accept: text/event-stream)."));
    }
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    out.add(STATUS, Integer.toString(response.status()));
    out.addAll(response.headers());
    if (response.stream() == null) {
      DeliveryOptions options = new DeliveryOptions().setHeaders(out);
      String codec = message.headers().get(REPLY_CODEC);
      if (codec != null) {
        try {
          message.reply(response.body(), options.setCodecName(codec)); // a proxy of this JVM: no copy
          return;
        } catch (IllegalArgumentException unknownCodec) {
          options.setCodecName(null);
        }
      }
      message.reply(response.body(), options);
      return;
    }
    out.add(STREAM_TO, streamTo);
    message.reply(Buffer.buffer(), new DeliveryOptions().setHeaders(out));
    response.stream().start(new BusStreamSink(bus, streamTo));
  }
}
