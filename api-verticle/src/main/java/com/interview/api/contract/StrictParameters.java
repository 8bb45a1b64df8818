package com.interview.api.contract;

import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;

import java.util.regex.Pattern;

/**
 * The written forms a query, path or header value of a primitive type may take — the only ones: an integer is
 * {@code -?(0|[1-9][0-9]*)} (no sign {@code +}, no leading zero, exponent, hexadecimal, space or trailing text, so
 * {@code limit=1;SELECT 1} is refused rather than read as 1), a number the same with an optional fraction, a boolean
 * {@code true} or {@code false}, a string (enums included) exactly its characters, never re-read as JSON (so
 * {@code status="scheduled"} is not {@code scheduled}). A value of another form is 400 {@code validation_failed}.
 */
final class StrictParameters {

  private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,17})");
  private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]{0,17})(\\.[0-9]{1,17})?");

  private StrictParameters() {
  }

  /** Whether {@code value} is in the one written form of {@code type} (true for the types this class leaves alone). */
  static boolean plain(SchemaType type, String value) {
    if (type == null) {
      return true;
    }
    return switch (type) {
      case INTEGER -> INTEGER.matcher(value).matches();
      case NUMBER -> NUMBER.matcher(value).matches();
      case BOOLEAN -> value.equals("true") || value.equals("false");
      default -> true;
    };
  }

  /** The failure for a value not in its plain form. */
  static ValidatorException notPlain(Parameter p) {
    return ValidatorException.createInvalidValueFormat(p);
  }

  /** The failure for a string value its schema refuses (the schema's own errors, as the library reports them). */
  static ValidatorException refused(Parameter p, OutputUnit result) {
    try {
      result.checkValidity();
      throw new IllegalStateException("refused(" + p.getName() + ") called with a valid result");
    } catch (JsonSchemaValidationException e) {
      return SchemaValidationException.createInvalidValueParameter(p, result, e);
    }
  }
}
