package com.interview.proxy.transport;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Buffers between verticles of one JVM without a copy (the bus's own buffer codec copies each message body, 5 MB
 * for an upload). Safe because neither side touches a buffer after sending it. On the wire (never used by the
 * proxy, which picks this codec for its own JVM only) it is a length and the bytes.
 */
public final class LocalBufferCodec implements MessageCodec<Buffer, Buffer> {

  LocalBufferCodec() {
  }

  /** Registers the codec on {@code vertx} unless it is there already. */
  public static void register(Vertx vertx) {
    try {
      vertx.eventBus().registerCodec(new LocalBufferCodec());
    } catch (IllegalStateException registeredAlready) {
      // another proxy instance of this JVM registered it
    }
  }

  @Override
  public void encodeToWire(Buffer wire, Buffer body) {
    int length = body == null ? -1 : body.length();
    wire.appendInt(length);
    if (body != null) {
      wire.appendBuffer(body);
    }
  }

  @Override
  public Buffer decodeFromWire(int pos, Buffer wire) {
    int length = wire.getInt(pos);
    return length < 0 ? null : wire.getBuffer(pos + 4, pos + 4 + length);
  }

  @Override
  public Buffer transform(Buffer body) {
    return body;
  }

  @Override
  public String name() {
    return BusWire.LOCAL_CODEC;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
