package com.interview.api.question;

import com.interview.api.common.Cursor;
import io.vertx.core.json.JsonArray;

/**
 * One search of the bank, as {@code listQuestions} receives it: any filter may be null.
 *
 * @param difficulty easy, medium or hard
 * @param tag        a tag the question carries
 * @param category   the category, whatever its case
 * @param text       words searched in title, body and category (full text, English stemming)
 * @param limit      page size
 * @param cursor     the cursor received (null for the first page)
 */
public record QuestionQuery(String difficulty, String tag, String category, String text, int limit, String cursor) {

  /** The position after which the page starts, or null; a 400 for a cursor this API never issued. */
  public Cursor after() {
    return Cursor.decode(cursor);
  }

  /** The part of the cache key that tells this search from others. */
  public String key() {
    return new JsonArray().add(difficulty).add(tag).add(category).add(text).add(limit).add(cursor).encode();
  }
}
