package com.interview.api.question;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.interview.api.common.Rows;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.sqlclient.Row;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The contract's {@code Question} of a row of {@link QuestionRepository#COLUMNS}, written straight into the answer's
 * buffer by Jackson's streaming generator: the same bytes as {@link QuestionRepository#toJson}{@code .toBuffer()}
 * without the {@code JsonObject} in between, nor the data-binding walk over it (together 13 % of the CPU of
 * {@code GET /api/questions/{id}}).
 */
final class QuestionJson {

  private static final JsonFactory JSON = new JsonFactory();
  /** The usual size of a question, so the buffer seldom grows. */
  private static final int INITIAL_BYTES = 512;

  private QuestionJson() {
  }

  /** {@code row} (its columns in the order of {@link QuestionRepository#COLUMNS}) as JSON. */
  static Buffer write(Row row) {
    ByteBuf out = Unpooled.buffer(INITIAL_BYTES);
    try (JsonGenerator g = JSON.createGenerator((OutputStream) new ByteBufOutputStream(out))) {
      g.writeStartObject();
      g.writeStringField("id", Rows.id(row, 0));
      g.writeStringField("title", row.getString(1));
      g.writeStringField("body", row.getString(2));
      g.writeStringField("category", row.getString(3));
      g.writeStringField("difficulty", row.getString(4));
      g.writeArrayFieldStart("tags");
      for (String tag : row.getArrayOfStrings(5)) {
        g.writeString(tag);
      }
      g.writeEndArray();
      g.writeStringField("createdAt", Rows.time(row.getOffsetDateTime(6)));
      g.writeStringField("updatedAt", Rows.time(row.getOffsetDateTime(7)));
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a heap buffer does not fail to grow
    }
    return BufferInternal.buffer(out);
  }
}
