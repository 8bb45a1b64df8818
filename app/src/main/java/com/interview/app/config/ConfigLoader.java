package com.interview.app.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Loads the configuration with vertx-config: the defaults shipped in the jar (built from {@code conf/app.yaml}),
 * then the {@code -conf} overlay (a YAML or JSON file, or a JSON string) merged key by key (lists replace),
 * then {@link EnvOverrides}. Runs before the application's Vert.x exists, on a short-lived instance of its own,
 * because the cluster manager and ports depend on the result.
 */
public final class ConfigLoader {

  /** Classpath location of the defaults (a copy of conf/app.yaml made at build time). */
  public static final String DEFAULTS = "META-INF/interview/app.yaml";

  private ConfigLoader() {
  }

  /** Loads, merges and validates; throws {@link ConfigException} with the one line to print. */
  public static AppConfig load(String confArg, Map<String, String> env) {
    return AppConfigBinder.bind(loadTree(confArg, env));
  }

  /** The merged tree before validation. */
  public static JsonObject loadTree(String confArg, Map<String, String> env) {
    ConfigStoreOptions defaults = new ConfigStoreOptions().setType("file").setFormat("yaml")
      .setConfig(new JsonObject().put("path", DEFAULTS));
    ConfigStoreOptions overlay = confArg == null ? null : overlay(confArg);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    try {
      // one store at a time: a failing overlay must not leave the defaults' read running while Vert.x closes
      JsonObject tree = read(vertx, defaults);
      if (overlay != null) {
        tree.mergeIn(read(vertx, overlay), true); // what vertx-config does across stores: maps by key, lists replace
      }
      return EnvOverrides.apply(tree, env);
    } catch (ExecutionException e) {
      throw new ConfigException("-conf", confArg, "valid YAML or JSON (" + firstLine(e.getCause()) + ")");
    } catch (TimeoutException e) {
      throw new ConfigException("-conf", confArg, "a file that can be read within 30 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the configuration", e);
    } finally {
      vertx.close();
    }
  }

  private static JsonObject read(Vertx vertx, ConfigStoreOptions store)
    throws ExecutionException, TimeoutException, InterruptedException {
    ConfigRetriever retriever = ConfigRetriever.create(vertx,
      new ConfigRetrieverOptions().setScanPeriod(-1).setIncludeDefaultStores(false).addStore(store));
    try {
      return retriever.getConfig().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).copy();
    } finally {
      retriever.close();
    }
  }

  private static ConfigStoreOptions overlay(String confArg) {
    Path file = Path.of(confArg.trim()).toAbsolutePath();
    if (Files.isRegularFile(file)) {
      if (!Files.isReadable(file)) {
        throw new ConfigException("-conf", confArg, "a readable YAML or JSON file");
      }
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      String format = name.endsWith(".json") ? "json" : "yaml";
      return new ConfigStoreOptions().setType("file").setFormat(format)
        .setConfig(new JsonObject().put("path", file.toString()));
    }
    String trimmed = confArg.trim();
    if (trimmed.startsWith("{")) {
      try {
        return new ConfigStoreOptions().setType("json").setConfig(new JsonObject(trimmed));
      } catch (DecodeException e) {
        throw new ConfigException("-conf", confArg, "a JSON object (" + firstLine(e) + ")");
      }
    }
    throw new ConfigException("-conf", confArg, "a readable YAML or JSON file, or a JSON object");
  }

  private static String firstLine(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = String.valueOf(root.getMessage()).strip();
    int nl = msg.indexOf('\n');
    return nl < 0 ? msg : msg.substring(0, nl).strip();
  }
}
