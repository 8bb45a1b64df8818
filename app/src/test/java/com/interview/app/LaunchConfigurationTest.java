package com.interview.app;

import com.interview.app.config.AppConfig;
import com.interview.app.config.ConfigException;
import com.interview.app.launch.LaunchArgs;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The launcher's own options on top of the configuration: {@code -instances}, {@code --role}. */
class LaunchConfigurationTest {

  private static AppConfig configure(String... args) {
    return Main.configure(LaunchArgs.parse(args), Map.of());
  }

  @Test
  void instancesSetsBothVerticleCounts() {
    AppConfig config = configure("-instances", "3");
    assertThat(config.proxy().instances()).isEqualTo(3);
    assertThat(config.api().instances()).isEqualTo(3);
    assertThat(configure("-instances=5").api().instances()).isEqualTo(5);
  }

  @Test
  void aBadInstancesValueIsNamedAsWritten() {
    assertThatThrownBy(() -> configure("-instances", "abc"))
      .isInstanceOf(ConfigException.class)
      .hasMessageContaining("-instances").hasMessageContaining("abc").hasMessageContaining("an integer 1..256");
    assertThatThrownBy(() -> configure("-instances", "0")).hasMessageContaining("0");
    assertThatThrownBy(() -> configure("-instances", "257")).hasMessageContaining("257");
  }

  @Test
  void roleOptionWinsOverTheEnvironment() {
    assertThat(Main.configure(LaunchArgs.parse(new String[] {"--role", "api"}), Map.of("APP_ROLE", "proxy")).role().name())
      .isEqualTo("API");
  }

  @Test
  void theTransportIsChosenOnlyByPreferNativeTransportInOptions(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
    throws Exception {
    assertThat(LaunchArgs.parse(new String[] {"-cluster"}).transportChosen()).isFalse();
    assertThat(LaunchArgs.parse(new String[] {"-options", "{\"eventLoopPoolSize\":1}"}).transportChosen()).isFalse();
    assertThat(LaunchArgs.parse(new String[] {"-options", "{\"preferNativeTransport\":false}"}).transportChosen()).isTrue();
    assertThat(LaunchArgs.parse(new String[] {"--options={\"preferNativeTransport\":true}"}).transportChosen()).isTrue();
    java.nio.file.Path file = dir.resolve("vertx.json");
    java.nio.file.Files.writeString(file, "{ \"preferNativeTransport\" : false }");
    assertThat(LaunchArgs.parse(new String[] {"-options", file.toString()}).transportChosen()).isTrue();
    assertThat(LaunchArgs.parse(new String[] {"-options", dir.resolve("missing.json").toString()}).transportChosen()).isFalse();
    assertThat(LaunchArgs.parse(new String[] {"-options", "{}"}).remaining()).containsExactly("-options", "{}");
  }
}
