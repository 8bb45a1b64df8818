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

  @Test
  void theIdParametersTakeTheCanonicalUuidCheckWhoseVerdictsAreTheLibrarys() {
    PrebuiltValidators contract = new PrebuiltValidators(real.loaded.contract());
    SchemaRepository mine = contract.getSchemaRepository();
    SchemaRepository library = real.loaded.contract().getSchemaRepository();
    int ids = 0;
    for (Operation op : contract.operations()) {
      for (Parameter p : op.getParameters()) {
        boolean onlyUuid = "uuid".equals(p.getSchema().get("format")) && "string".equals(p.getSchema().get("type"));
        assertThat(mine.validator(p.getSchema()) instanceof PrebuiltValidators.CanonicalUuid)
          .as("%s %s", op.getOperationId(), p.getName()).isEqualTo(onlyUuid);
        if (!onlyUuid) {
          continue;
        }
        ids++;
        String uuid = UUID.randomUUID().toString();
        for (String value : new String[] {uuid, uuid.toUpperCase(), "urn:uuid:" + uuid, uuid + "0", uuid.substring(1),
          uuid.replace('-', '_'), uuid.replaceFirst("[0-9a-f]", "g"), "", "not-a-uuid", "00000000-0000-0000-0000-000000000000"}) {
          assertThat(mine.validator(p.getSchema()).validate(value).getValid()).as("%s: %s", p.getName(), value)
            .isEqualTo(library.validator(p.getSchema()).validate(value).getValid());
        }
      }
    }
    assertThat(ids).as("operations with a uuid parameter").isGreaterThan(5);
    assertThat(PrebuiltValidators.CanonicalUuid.canonical("3f2504e0-4f89-11d3-9a0c-0305e82c3301")).isTrue();
    assertThat(PrebuiltValidators.CanonicalUuid.canonical("3F2504E0-4F89-11D3-9A0C-0305E82C3301")).isFalse(); // the library's
    assertThat(PrebuiltValidators.CanonicalUuid.canonical("3f2504e0-4f89-11d3-9a0c-0305e82c330")).isFalse();
    assertThat(PrebuiltValidators.CanonicalUuid.canonical("3f2504e0+4f89-11d3-9a0c-0305e82c3301")).isFalse();
  }
}
