package com.interview.app.config;

import com.interview.api.db.RedisConfig;
import com.interview.proxy.balance.Balance;
import com.interview.proxy.balance.UpstreamConfig;
import com.interview.proxy.config.Transport;
import com.interview.proxy.ratelimit.LimitZone;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

  @TempDir
  Path dir;

  private static AppConfig load(String conf, Map<String, String> env) {
    return ConfigLoader.load(conf, env);
  }

  private Path file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  @Test
  void defaultsComeFromConfAppYaml() {
    AppConfig c = load(null, Map.of());
    assertThat(c.role()).isEqualTo(Role.ALL);
    assertThat(c.production()).isFalse();
    assertThat(c.proxy().port()).isEqualTo(80);
    assertThat(c.proxy().transport()).isEqualTo(Transport.EVENTBUS);
    assertThat(c.proxy().keepAliveTimeout()).isEqualTo(Duration.ofSeconds(65));
    LimitZone api = c.proxy().limits().get("api");
    assertThat(api.rate()).hasToString("10r/s");
    assertThat(api.burst()).isEqualTo(20);
    assertThat(api.nodelay()).isTrue();
    assertThat(c.proxy().limits().get("auth").rate()).hasToString("5r/m");
    assertThat(c.proxy().limits().get("upload").rate()).hasToString("2r/m");
    assertThat(c.proxy().connections().perIp()).isEqualTo(20);
    assertThat(c.proxy().routes()).extracting(r -> r.prefix())
      .containsExactly("/api/auth/", "/api/users/me/avatar", "/api/", "/uploads/");
    assertThat(c.proxy().routes().get(1).maxBody()).isEqualTo(5L << 20);
    assertThat(c.proxy().routes().get(1).accept()).containsExactly("image/png", "image/jpeg", "image/gif", "image/webp");
    assertThat(c.proxy().routes().get(3).staticDir()).isEqualTo("uploads");
    assertThat(c.proxy().upstream().balance()).isEqualTo(Balance.LEAST_CONN);
    assertThat(c.proxy().upstream().servers().get(0).maxFails()).isEqualTo(3);
    assertThat(c.proxy().upstream().servers().get(0).failTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.proxy().headers()).containsEntry("X-Frame-Options", "DENY")
      .containsEntry("X-XSS-Protection", "1; mode=block");
    assertThat(c.proxy().gzip().level()).isEqualTo(6);
    assertThat(c.api().port()).isEqualTo(3000);
    assertThat(c.management().port()).isEqualTo(9000);
    assertThat(c.cluster().members()).containsExactly("127.0.0.1");
    assertThat(c.cluster().maxNoHeartbeat()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.api().jwt().secret()).isEqualTo(AppConfigBinder.DEVELOPMENT_JWT_SECRET);
  }

  @Test
  void theRevocationCapacityDefaultsTo100000AndIsBounded() {
    assertThat(load(null, Map.of()).api().jwt().revocationCapacity()).isEqualTo(100_000);
    assertThat(load("{\"api\":{\"jwt\":{\"revocationCapacity\":500}}}", Map.of()).api().jwt().revocationCapacity())
      .isEqualTo(500);
    assertThatThrownBy(() -> load("{\"api\":{\"jwt\":{\"revocationCapacity\":0}}}", Map.of()))
      .hasMessage("api.jwt.revocationCapacity: 0 (expected: an integer 1..10000000)");
    assertThatThrownBy(() -> load("{\"api\":{\"jwt\":{\"revocationCapacity\":\"lots\"}}}", Map.of()))
      .hasMessage("api.jwt.revocationCapacity: \"lots\" (expected: an integer 1..10000000)");
  }

  @Test
  void theUpstreamEngineIsLeanUnlessVertxIsChosen() {
    assertThat(load(null, Map.of()).proxy().upstream().engine()).isEqualTo(UpstreamConfig.Engine.LEAN);
    assertThat(load("{\"proxy\":{\"upstream\":{\"engine\":\"vertx\"}}}", Map.of()).proxy().upstream().engine())
      .isEqualTo(UpstreamConfig.Engine.VERTX);
    assertThatThrownBy(() -> load("{\"proxy\":{\"upstream\":{\"engine\":\"netty\"}}}", Map.of()))
      .hasMessageStartingWith("proxy.upstream.engine: \"netty\" (expected: ");
  }

  @Test
  void slowClientDefaultsAndTheirKeys() {
    var t = load(null, Map.of()).proxy().timeouts();
    assertThat(t.clientHeader()).isEqualTo(Duration.ofSeconds(10));
    assertThat(t.clientBody()).isEqualTo(Duration.ofSeconds(10));
    assertThat(t.minBodyRate()).isEqualTo(1024);
    assertThat(t.send()).isEqualTo(Duration.ofSeconds(60));
    AppConfig c = load("{\"proxy\":{\"timeouts\":{\"minBodyRate\":\"4k\",\"send\":\"0s\"},"
      + "\"routes\":[{\"prefix\":\"/ws/\",\"websocket\":true,\"timeouts\":{\"send\":\"5s\",\"minBodyRate\":0}},"
      + "{\"prefix\":\"/api/\"}]}}", Map.of());
    assertThat(c.proxy().timeouts().minBodyRate()).isEqualTo(4096);
    assertThat(c.proxy().timeouts().send()).isZero();
    assertThat(c.proxy().routes().get(0).websocket()).isTrue();
    assertThat(c.proxy().routes().get(0).timeouts().send()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.proxy().routes().get(0).timeouts().minBodyRate()).isZero();
    assertThat(c.proxy().routes().get(1).websocket()).isFalse();
    assertThatThrownBy(() -> load("{\"proxy\":{\"timeouts\":{\"minBodyRate\":\"fast\"}}}", Map.of()))
      .hasMessage("proxy.timeouts.minBodyRate: \"fast\" (expected: a size such as 512, 64k, 5m or 1g)");
    assertThatThrownBy(() -> load("{\"proxy\":{\"routes\":[{\"prefix\":\"/x/\",\"websocket\":\"maybe\"}]}}", Map.of()))
      .hasMessageStartingWith("proxy.routes[0].websocket: ");
  }

  @Test
  void aYamlOverlayMergesMapsKeyByKeyAndReplacesLists() throws IOException {
    Path overlay = file("over.yaml", """
      proxy:
        limits:
          api: { burst: 5 }
        routes:
          - { prefix: /api/, limit: api }
      cluster:
        members: [10.0.0.1, 10.0.0.2]
      """);
    AppConfig c = load(overlay.toString(), Map.of());
    LimitZone api = c.proxy().limits().get("api");
    assertThat(api.burst()).isEqualTo(5);
    assertThat(api.rate()).hasToString("10r/s"); // untouched keys of the same map stay
    assertThat(api.nodelay()).isTrue();
    assertThat(c.proxy().limits()).containsKeys("auth", "upload");
    assertThat(c.proxy().routes()).hasSize(1); // lists replace
    assertThat(c.cluster().members()).containsExactly("10.0.0.1", "10.0.0.2");
    assertThat(c.proxy().port()).isEqualTo(80);
  }

  @Test
  void aJsonFileOrAJsonStringIsAnOverlayToo() throws IOException {
    String json = "{\"proxy\":{\"limits\":{\"api\":{\"rate\":\"10r/s\",\"burst\":5,\"nodelay\":true}}}}";
    AppConfig fromString = load(json, Map.of());
    AppConfig fromFile = load(file("over.json", json).toString(), Map.of());
    for (AppConfig c : List.of(fromString, fromFile)) {
      assertThat(c.proxy().limits().get("api").burst()).isEqualTo(5);
      assertThat(c.proxy().limits().get("auth").burst()).isEqualTo(3);
    }
  }

  @Test
  void environmentVariablesOverrideFilesAndDefaults() throws IOException {
    Path overlay = file("over.yaml", "proxy: { port: 81 }\nrole: api\n");
    AppConfig c = load(overlay.toString(), Map.of(
      "APP_ROLE", "proxy", "PROXY_PORT", "8081", "PORT", "3001", "MANAGEMENT_PORT", "9001",
      "DATABASE_URL", "postgresql://u:p@db:5432/x", "REDIS_URL", "redis://cache:6380", "JWT_SECRET", "s3cret",
      "CLUSTER_MEMBERS", "10.1.0.1, 10.1.0.2:5702", "ADMIN_TOKEN", "tok"));
    assertThat(c.role()).isEqualTo(Role.PROXY);
    assertThat(c.proxy().port()).isEqualTo(8081);
    assertThat(c.api().port()).isEqualTo(3001);
    assertThat(c.management().port()).isEqualTo(9001);
    assertThat(c.api().database().url()).isEqualTo("postgresql://u:p@db:5432/x");
    assertThat(c.api().redis().url()).isEqualTo("redis://cache:6380");
    assertThat(c.api().jwt().secret()).isEqualTo("s3cret");
    assertThat(c.cluster().members()).containsExactly("10.1.0.1", "10.1.0.2:5702");
    assertThat(c.management().adminToken()).isEqualTo("tok");
  }

  @Test
  void proxyUpstreamsSelectTheHttpTransport() {
    AppConfig c = load(null, Map.of("PROXY_UPSTREAMS", "http://app1:3000,http://app2:3000/"));
    assertThat(c.proxy().transport()).isEqualTo(Transport.HTTP);
    assertThat(c.proxy().upstream().servers()).extracting(s -> s.url()).containsExactly("http://app1:3000", "http://app2:3000");
    assertThat(c.proxy().upstream().servers().get(1).maxFails()).isEqualTo(3);
    assertThat(c.proxy().upstream().servers().get(1).weight()).isEqualTo(1);
  }

  @Test
  void nodeEnvIsTheFallbackOfAppEnvAndEmptyVariablesCountAsUnset() {
    assertThatThrownBy(() -> load(null, Map.of("NODE_ENV", "production")))
      .hasMessageStartingWith("api.jwt.secret:");
    assertThat(load(null, Map.of("APP_ENV", "development", "NODE_ENV", "production")).production()).isFalse();
    assertThat(load(null, Map.of("PROXY_PORT", "", "APP_ROLE", " ")).proxy().port()).isEqualTo(80);
  }

  @Test
  void productionRefusesWeakSecretsAndTheDefaultDatabasePassword() {
    String strong = "0123456789abcdef0123456789abcdef";
    assertThatThrownBy(() -> load(null, Map.of("APP_ENV", "production", "JWT_SECRET", "short")))
      .isInstanceOf(ConfigException.class)
      .hasMessage("api.jwt.secret: <5 bytes> (expected: at least 32 bytes in production; set JWT_SECRET)");
    assertThatThrownBy(() -> load(null, Map.of("APP_ENV", "production", "JWT_SECRET", strong)))
      .hasMessage("api.database.url: \"postgresql://postgres:***@127.0.0.1:5432/interview_db\" (expected: a password other "
        + "than the development default in production; set DATABASE_URL)");
    AppConfig ok = load(null, Map.of("APP_ENV", "production", "JWT_SECRET", strong,
      "DATABASE_URL", "postgresql://app:Xk2-long@db:5432/interview_db"));
    assertThat(ok.production()).isTrue();
    assertThat(ok.api().jwt().secret()).isEqualTo(strong);
  }

  @Test
  void badValuesNameTheKeyTheValueAndTheExpectation() throws IOException {
    assertThatThrownBy(() -> load(null, Map.of("PROXY_PORT", "abc")))
      .hasMessage("PROXY_PORT: \"abc\" (expected: an integer port 0..65535)");
    assertThatThrownBy(() -> load("{\"proxy\":{\"limits\":{\"api\":{\"burst\":-1}}}}", Map.of()))
      .hasMessage("proxy.limits.api.burst: -1 (expected: an integer 0..1000000)");
    assertThatThrownBy(() -> load("{\"proxy\":{\"limits\":{\"api\":{\"rate\":\"10r/h\"}}}}", Map.of()))
      .hasMessage("proxy.limits.api.rate: \"10r/h\" (expected: a rate such as 10r/s or 5r/m)");
    assertThatThrownBy(() -> load("{\"proxy\":{\"routes\":[{\"prefix\":\"/x/\",\"limit\":\"nope\"}]}}", Map.of()))
      .hasMessageStartingWith("proxy.routes[0].limit: \"nope\" (expected: a zone defined under proxy.limits:");
    assertThatThrownBy(() -> load("{\"proxy\":{\"timeouts\":{\"read\":\"soon\"}}}", Map.of()))
      .hasMessage("proxy.timeouts.read: \"soon\" (expected: a duration such as 500ms, 30s, 15m, 1h or 7d)");
    assertThatThrownBy(() -> load("{\"role\":\"web\"}", Map.of()))
      .hasMessage("role: \"web\" (expected: all | proxy | api)");
    assertThatThrownBy(() -> load(null, Map.of("PROXY_UPSTREAMS", "ftp://x:21")))
      .hasMessage("proxy.upstream.servers[0].url: \"ftp://x:21\" (expected: http://host:port)");
    assertThatThrownBy(() -> load(null, Map.of("DATABASE_URL", "mysql://u:pw@h/db")))
      .hasMessage("api.database.url: \"mysql://u:***@h/db\" (expected: a URL postgresql://user:password@host:port/database)");
  }

  @Test
  void databaseTimeoutsDefaultToBoundedWaitsAndRefuseBadValues() {
    var t = load(null, Map.of()).api().database().timeouts();
    assertThat(t.acquire()).isEqualTo(Duration.ofSeconds(1));
    assertThat(t.statement()).isEqualTo(Duration.ofSeconds(2));
    assertThat(t.transaction()).isEqualTo(Duration.ofSeconds(5));
    assertThat(t.connect()).isEqualTo(Duration.ofSeconds(2));
    var set = load("{\"api\":{\"database\":{\"statementTimeout\":\"750ms\",\"transactionTimeout\":\"3s\"}}}", Map.of())
      .api().database().timeouts();
    assertThat(set.statement()).isEqualTo(Duration.ofMillis(750));
    assertThat(set.transaction()).isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(() -> load("{\"api\":{\"database\":{\"statementTimeout\":\"soon\"}}}", Map.of()))
      .isInstanceOf(ConfigException.class)
      .hasMessage("api.database.statementTimeout: \"soon\" (expected: a duration such as 500ms, 30s, 15m, 1h or 7d)");
    assertThatThrownBy(() -> load("{\"api\":{\"database\":{\"acquireTimeout\":\"0s\"}}}", Map.of()))
      .isInstanceOf(ConfigException.class)
      .hasMessage("api.database.acquireTimeout: \"0s\" (expected: a duration above zero such as 500ms or 30s)");
    assertThatThrownBy(() -> load("{\"api\":{\"database\":{\"connectTimeout\":-1}}}", Map.of()))
      .isInstanceOf(ConfigException.class).hasMessageStartingWith("api.database.connectTimeout: -1 (expected: a duration");
    assertThatThrownBy(() -> load("{\"api\":{\"database\":{\"transactionTimeout\":\"5 s\"}}}", Map.of()))
      .isInstanceOf(ConfigException.class).hasMessageStartingWith("api.database.transactionTimeout: \"5 s\"");
  }

  @Test
  void redisIsStandaloneByDefaultAndRedisUrlKeepsItsMeaning() {
    RedisConfig byDefault = load(null, Map.of()).api().redis();
    assertThat(byDefault.type()).isEqualTo(RedisConfig.Type.STANDALONE);
    assertThat(byDefault.endpoints()).containsExactly("redis://127.0.0.1:6379");
    RedisOptions options = load(null, Map.of("REDIS_URL", "redis://cache:6380/3")).api().redis().options();
    assertThat(options.getType()).isEqualTo(RedisClientType.STANDALONE);
    assertThat(options.getEndpoints()).containsExactly("redis://cache:6380/3");
  }

  @Test
  void sentinelAndClusterFromKeysOrEnvironmentVariables() {
    RedisConfig sentinel = load("{\"api\":{\"redis\":{\"type\":\"sentinel\",\"masterName\":\"interview\","
      + "\"endpoints\":[\"redis://s1:26379\",\"redis://s2:26379\",\"redis://s3:26379\"]}}}", Map.of()).api().redis();
    assertThat(sentinel.type()).isEqualTo(RedisConfig.Type.SENTINEL);
    RedisOptions options = sentinel.options();
    assertThat(options.getType()).isEqualTo(RedisClientType.SENTINEL);
    assertThat(options.getEndpoints()).containsExactly("redis://s1:26379", "redis://s2:26379", "redis://s3:26379");
    assertThat(options.getMasterName()).isEqualTo("interview");
    assertThat(options.getRole()).isEqualTo(RedisRole.MASTER);
    assertThat(options.isAutoFailover()).isTrue();

    RedisConfig fromEnv = load(null, Map.of("REDIS_TYPE", "cluster",
      "REDIS_ENDPOINTS", "redis://n1:7000, redis://n2:7001,redis://n3:7002")).api().redis();
    assertThat(fromEnv.type()).isEqualTo(RedisConfig.Type.CLUSTER);
    assertThat(fromEnv.options().getType()).isEqualTo(RedisClientType.CLUSTER);
    assertThat(fromEnv.options().getEndpoints()).containsExactly("redis://n1:7000", "redis://n2:7001", "redis://n3:7002");
    RedisConfig sentinelEnv = load(null, Map.of("REDIS_TYPE", "sentinel", "REDIS_ENDPOINTS", "redis://s1:26379",
      "REDIS_MASTER_NAME", "mymaster")).api().redis();
    assertThat(sentinelEnv.masterName()).isEqualTo("mymaster");
  }

  @Test
  void badRedisSettingsNameTheKeyAndTheExpectation() {
    assertThatThrownBy(() -> load(null, Map.of("REDIS_TYPE", "replicated")))
      .isInstanceOf(ConfigException.class)
      .hasMessage("api.redis.type: \"replicated\" (expected: standalone | sentinel | cluster)");
    assertThatThrownBy(() -> load(null, Map.of("REDIS_TYPE", "sentinel", "REDIS_ENDPOINTS", "redis://s1:26379")))
      .hasMessage("api.redis.masterName: \"\" (expected: the name of the master the sentinels watch "
        + "(sentinel monitor <name> ...) when api.redis.type is sentinel)");
    assertThatThrownBy(() -> load(null, Map.of("REDIS_TYPE", "sentinel", "REDIS_MASTER_NAME", "m")))
      .hasMessage("api.redis.endpoints: [] (expected: at least one URL redis://host:port of a sentinel when "
        + "api.redis.type is sentinel)");
    assertThatThrownBy(() -> load("{\"api\":{\"redis\":{\"type\":\"cluster\",\"endpoints\":[]}}}", Map.of()))
      .hasMessage("api.redis.endpoints: [] (expected: at least one URL redis://host:port of a cluster node when "
        + "api.redis.type is cluster)");
    assertThatThrownBy(() -> load(null, Map.of("REDIS_TYPE", "cluster", "REDIS_ENDPOINTS", "redis://n1:7000,http://n2:7001")))
      .hasMessage("api.redis.endpoints[1]: \"http://n2:7001\" (expected: a URL redis://[:password@]host:port[/db])");
    assertThatThrownBy(() -> load(null, Map.of("REDIS_URL", "cache:6379")))
      .hasMessage("api.redis.url: \"cache:6379\" (expected: a URL redis://[:password@]host:port[/db])");
    assertThatThrownBy(() -> load(null, Map.of("REDIS_ENDPOINTS", "redis://a:6379")))
      .hasMessage("api.redis.endpoints: [redis://a:6379] (expected: empty when api.redis.type is standalone "
        + "(api.redis.url names the server))");
  }

  @Test
  void aRouteMayOverrideTimeoutsAndTheRetryPolicy() {
    AppConfig c = load("{\"proxy\":{\"routes\":[{\"prefix\":\"/api/reports/\",\"timeouts\":{\"read\":\"5m\"},"
      + "\"retry\":{\"tries\":1,\"conditions\":[]}},{\"prefix\":\"/api/\"}]}}", Map.of());
    var reports = c.proxy().routes().get(0);
    assertThat(reports.timeouts().read()).isEqualTo(Duration.ofMinutes(5));
    assertThat(reports.timeouts().connect()).isEqualTo(Duration.ofSeconds(5)); // inherited
    assertThat(reports.retry().tries()).isEqualTo(1);
    assertThat(reports.retry().on()).isEmpty();
    assertThat(reports.retry().timeout()).isEqualTo(Duration.ofSeconds(10)); // inherited
    assertThat(c.proxy().routes().get(1).timeouts()).isNull(); // inherits everything
    assertThatThrownBy(() -> load("{\"proxy\":{\"routes\":[{\"prefix\":\"/x/\",\"timeouts\":{\"clientHeader\":\"1s\"}}]}}", Map.of()))
      .hasMessageStartingWith("proxy.routes[0].timeouts.clientHeader: \"1s\" (expected: no such key");
    assertThatThrownBy(() -> load("{\"proxy\":{\"routes\":[{\"prefix\":\"/x/\",\"retry\":{\"conditions\":[\"http_418\"]}}]}}", Map.of()))
      .hasMessage("proxy.routes[0].retry.conditions: \"http_418\" (expected: error | timeout | http_500 | http_502 | http_503 | http_504 | http_429)");
  }

  @Test
  void unknownKeysAreTyposAndStopStartUp() {
    assertThatThrownBy(() -> load("{\"proxy\":{\"limts\":{}}}", Map.of()))
      .hasMessageStartingWith("proxy.limts: {} (expected: no such key; known here: host, port,");
    assertThatThrownBy(() -> load("{\"proxy\":{\"limits\":{\"api\":{\"bursts\":1}}}}", Map.of()))
      .hasMessageStartingWith("proxy.limits.api.bursts: 1 (expected: no such key");
  }

  @Test
  void unreadableOrBrokenOverlaysAreConfigErrors() throws IOException {
    assertThatThrownBy(() -> load(dir.resolve("missing.yaml").toString(), Map.of()))
      .hasMessageContaining("missing.yaml\" (expected: a readable YAML or JSON file, or a JSON object)");
    Path broken = file("broken.yaml", "proxy: [unclosed\n");
    assertThatThrownBy(() -> load(broken.toString(), Map.of()))
      .isInstanceOf(ConfigException.class).hasMessageStartingWith("-conf: ").hasMessageContaining("valid YAML or JSON");
    assertThatThrownBy(() -> load("{not json", Map.of())).hasMessageStartingWith("-conf: ");
  }

  @Test
  void theTreeBeforeValidationIsTheMergedOne() {
    JsonObject tree = ConfigLoader.loadTree("{\"proxy\":{\"port\":1234}}", Map.of("PORT", "4000"));
    assertThat(tree.getJsonObject("proxy").getInteger("port")).isEqualTo(1234);
    assertThat(tree.getJsonObject("api").getInteger("port")).isEqualTo(4000);
  }
}
