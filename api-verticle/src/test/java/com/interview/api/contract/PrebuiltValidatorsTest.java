package com.interview.api.contract;

import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The validators of the real contract are built once and still validate. */
class PrebuiltValidatorsTest {

  private static RealContract real;

  @BeforeAll
  static void load() {
    real = RealContract.load();
  }

  @AfterAll
  static void close() {
    real.close();
  }

  @Test
  void everyParameterAndBodySchemaHasOneValidatorForAllRequests() {
    PrebuiltValidators contract = new PrebuiltValidators(real.loaded.contract());
    SchemaRepository repository = contract.getSchemaRepository();
    int parameters = 0;
    for (Operation op : contract.operations()) {
      for (Parameter p : op.getParameters()) {
        parameters++;
        assertThat(repository.validator(p.getSchema())).isSameAs(repository.validator(p.getSchema()));
      }
    }
    assertThat(parameters).isPositive();
    assertThat(contract.prebuilt()).isGreaterThan(1);
    // a schema the contract does not hold still gets a validator, as from the library
    JsonSchema other = JsonSchema.of(new io.vertx.core.json.JsonObject().put("type", "integer"));
    assertThat(repository.validator(other)).isNotSameAs(repository.validator(other));
  }

  @Test
  void aPrebuiltValidatorStillRejectsWhatTheSchemaForbids() {
    PrebuiltValidators contract = new PrebuiltValidators(real.loaded.contract());
    Parameter id = contract.operations().stream().flatMap(op -> op.getParameters().stream())
      .filter(p -> "uuid".equals(p.getSchema().get("format"))).findFirst().orElseThrow();
    var validator = contract.getSchemaRepository().validator(id.getSchema());
    assertThat(validator.validate(UUID.randomUUID().toString()).getValid()).isTrue();
    assertThat(validator.validate("not-a-uuid").getValid()).isFalse();
  }
}
