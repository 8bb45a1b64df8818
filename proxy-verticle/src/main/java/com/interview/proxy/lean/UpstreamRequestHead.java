package com.interview.proxy.lean;

import com.interview.proxy.headers.HopByHop;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.netty.util.CharsetUtil;
import io.vertx.core.MultiMap;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The lean path's request head as it goes upstream, written straight into the bytes sent: the request line
 * ({@code HTTP/1.1}), {@code Host}, then the client's end-to-end headers as the filters left them
 * ({@link HopByHop#isEndToEnd}: no hop-by-hop header, none that {@code Connection} names, the client's own
 * {@code Host} replaced). No header map, entry or string is made for it; the header names and values are the
 * decoder's and the filters' objects, written as their bytes (an obs-text byte of a value stays that byte).
 */
public final class UpstreamRequestHead {

  private static final byte[] HTTP_1_1 = " HTTP/1.1\r\nHost: ".getBytes(CharsetUtil.US_ASCII);
  private static final short CRLF = ('\r' << 8) | '\n';
  private static final short COLON_SPACE = (':' << 8) | ' ';

  private UpstreamRequestHead() {
  }

  /**
   * Writes the head of {@code method} {@code uri} with {@code headers} (the client's, after the filters) and
   * {@code host} as the {@code Host} header, into {@code out}.
   */
  public static void write(ByteBuf out, CharSequence method, CharSequence uri, MultiMap headers, CharSequence host) {
    ascii(out, method);
    out.writeByte(' ');
    ascii(out, uri);
    out.writeBytes(HTTP_1_1);
    ascii(out, host);
    out.writeShort(CRLF);
    List<String> named = HopByHop.connectionNamed(headers);
    for (Iterator<? extends Map.Entry<? extends CharSequence, ? extends CharSequence>> it = entries(headers);
         it.hasNext(); ) {
      Map.Entry<? extends CharSequence, ? extends CharSequence> h = it.next();
      CharSequence name = h.getKey();
      if (HopByHop.isEndToEnd(name, named)) {
        ascii(out, name);
        out.writeShort(COLON_SPACE);
        ascii(out, h.getValue());
        out.writeShort(CRLF);
      }
    }
    out.writeShort(CRLF);
  }

  /** The entries as the map holds them (Vert.x's and Netty's maps: no entry or string made per header). */
  private static Iterator<? extends Map.Entry<? extends CharSequence, ? extends CharSequence>> entries(MultiMap headers) {
    if (headers instanceof HttpHeaders netty) {
      return netty.iteratorCharSequence();
    }
    return headers.iterator();
  }

  /** {@code s} as bytes: chars up to 255 as that byte (ISO-8859-1, how the decoder read them). */
  private static void ascii(ByteBuf out, CharSequence s) {
    int n = s.length();
    out.ensureWritable(n);
    if (s instanceof AsciiString a) {
      ByteBufUtil.copy(a, 0, out, out.writerIndex(), n);
      out.writerIndex(out.writerIndex() + n);
    } else if (s instanceof String str) {
      // the JDK's Latin-1 copy (one array copy for a compact string), not a loop over its chars
      out.writeBytes(str.getBytes(StandardCharsets.ISO_8859_1));
    } else {
      out.writeCharSequence(s, CharsetUtil.US_ASCII);
    }
  }
}
