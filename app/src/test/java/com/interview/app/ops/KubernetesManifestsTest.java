package com.interview.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.interview.app.config.AppConfig;
import com.interview.app.config.ClusterDiscovery;
import com.interview.app.config.ConfigLoader;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import io.fabric8.kubernetes.schema.validator.Validator;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s without a cluster: {@code kubectl kustomize} (or a {@code kustomize} binary) renders both overlays, and
 * the production overlay with both optional components; every rendered object is validated against the Kubernetes
 * OpenAPI schema (fabric8's kubernetes-model-validator from Maven Central: the swagger document of the Kubernetes
 * API with the Prometheus Operator's types, checked with unknown properties refused, required ones and types); then
 * what the deployment needs is asserted on the rendered objects: replicas, roles, probes, the drain, the security
 * context, Services, disruption budgets, the autoscaler, NetworkPolicy selectors, secrets only from the Secret, and the
 * ConfigMap's overlay accepted by the application's own configuration loader.
 */
class KubernetesManifestsTest {

  private static final Path ROOT = Ops.root();
  private static final Path K8S = ROOT.resolve("deploy/k8s");
  private static final Set<String> SECRET_VARIABLES = Set.of("JWT_SECRET", "DATABASE_URL", "REDIS_URL", "ADMIN_TOKEN");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The Kubernetes API's OpenAPI document that io.fabric8:kubernetes-model-validator ships (Kubernetes + OpenShift). */
  private static final String SPEC = "/openshift-generated.json";
  private static OpenAPI openApi;
  private static SchemaValidator validator;
  /** The names of the document's schemas ({@code io.k8s.api.apps.v1.Deployment}, ...). */
  private static final Set<String> DEFINITIONS = new java.util.HashSet<>();
  private static List<String> kustomize;

  @BeforeAll
  static void tools() throws IOException {
    kustomize = kustomizeCommand();
    String spec;
    try (InputStream in = Validator.class.getResourceAsStream(SPEC)) {
      assertThat(in).as(SPEC + " in kubernetes-model-validator").isNotNull();
      spec = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    JSON.readTree(spec).get("definitions").fieldNames().forEachRemaining(DEFINITIONS::add);
    for (var extension : OpenAPIV3Parser.getExtensions()) { // the Swagger 2.0 document, converted to OpenAPI 3
      var parsed = extension.readContents(spec, null, new ParseOptions());
      if (parsed.getOpenAPI() != null) {
        openApi = parsed.getOpenAPI();
        break;
      }
    }
    assertThat(openApi).as("parsed " + SPEC).isNotNull();
    // Kubernetes' own convention: format int-or-string (IntOrString: ports, maxSurge, minAvailable) takes 80 or "80%";
    // its OpenAPI says type string, so it is widened here the way openapi2jsonschema (kubeval, kubeconform) does
    java.util.IdentityHashMap<Schema<?>, Boolean> seen = new java.util.IdentityHashMap<>();
    openApi.getComponents().getSchemas().values().forEach(schema -> intOrString(schema, seen));
    // Atlassian's swagger-request-validator (the JSON-schema engine fabric8's validator uses): unknown properties are
    // refused unless a schema allows them (labels, annotations, data), required ones and types are checked
    validator = new SchemaValidator(openApi, new MessageResolver());
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static void intOrString(Schema schema, java.util.IdentityHashMap<Schema<?>, Boolean> seen) {
    if (schema == null || seen.put(schema, Boolean.TRUE) != null) {
      return;
    }
    if ("int-or-string".equals(schema.getFormat())) {
      schema.setType(null);
      schema.setFormat(null);
      schema.setAnyOf(List.of(new Schema<>().type("integer"), new Schema<>().type("string")));
    }
    if (schema.getProperties() != null) {
      ((Map<String, Schema>) schema.getProperties()).values().forEach(p -> intOrString(p, seen));
    }
    intOrString(schema.getItems(), seen);
    if (schema.getAdditionalProperties() instanceof Schema a) {
      intOrString(a, seen);
    }
  }

  /** The schema errors of one object, or one line saying that the schema has no such group/version/kind. */
  static List<String> schemaErrors(Map<String, Object> o) {
    String name = schemaName(o);
    if (name == null) {
      return List.of("no schema for " + gvk(o) + " in " + SPEC);
    }
    Schema<?> schema = openApi.getComponents().getSchemas().get(name);
    assertThat(schema).as(name).isNotNull();
    JsonNode node = JSON.valueToTree(o);
    if (node.path("data").isObject() && "Secret".equals(o.get("kind"))) {
      // kustomize wraps long base64 values over lines; the API server's decoder (Go's base64) skips line breaks
      var data = (com.fasterxml.jackson.databind.node.ObjectNode) node.get("data");
      List<String> keys = new ArrayList<>();
      data.fieldNames().forEachRemaining(keys::add);
      keys.forEach(k -> data.put(k, data.get(k).asText().replaceAll("[\\r\\n]", "")));
    }
    ValidationReport report = validator.validate(() -> node, schema, "root");
    return report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
      .map(m -> m.getMessage() + m.getAdditionalInfo()).toList();
  }

  /** {@code kustomize build} when a kustomize binary is on the PATH, else {@code kubectl kustomize} (v4+ inside). */
  private static List<String> kustomizeCommand() {
    if (Ops.onPath("kustomize")) {
      return List.of("kustomize", "build");
    }
    Ops.requireTool("kubectl", "kubectl");
    String version = Ops.run(ROOT, Map.of(), Duration.ofMinutes(1), "kubectl", "version", "--client").output();
    Matcher m = Pattern.compile("Kustomize Version: v(\\d+)").matcher(version);
    org.junit.jupiter.api.Assumptions.assumeTrue(m.find() && Integer.parseInt(m.group(1)) >= 4,
      "kubectl's built-in kustomize is older than v4 (" + version.strip().replace('\n', ' ')
        + "); install kubectl 1.21+ or a kustomize binary");
    return List.of("kubectl", "kustomize");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> render(Path dir) {
    List<String> cmd = new ArrayList<>(kustomize);
    cmd.add(dir.toString());
    String yaml = Ops.run(ROOT, Map.of(), Duration.ofMinutes(2), cmd.toArray(new String[0])).ok().output();
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(yaml)) {
      if (doc != null) {
        out.add((Map<String, Object>) doc);
      }
    }
    assertThat(out).as("objects rendered from " + dir).isNotEmpty();
    return out;
  }

  /** The production overlay with both components, as an overlay that lists them would render it. */
  static List<Map<String, Object>> renderWithComponents() throws IOException {
    Path overlay = ROOT.resolve("app/target/k8s-with-components");
    Files.createDirectories(overlay);
    String rel = overlay.relativize(K8S).toString();
    Files.writeString(overlay.resolve("kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\n"
      + "kind: Kustomization\nnamespace: interview\nresources:\n  - " + rel + "/overlays/production\n"
      + "components:\n  - " + rel + "/components/kubernetes-api\n  - " + rel + "/components/servicemonitor\n");
    return render(overlay);
  }

  // ---- the schema ---------------------------------------------------------------------------------------------

  @Test
  void everyRenderedObjectIsValidAgainstTheKubernetesOpenApiSchema() throws IOException {
    Map<String, List<Map<String, Object>>> renders = new HashMap<>();
    renders.put("dev", render(K8S.resolve("overlays/dev")));
    renders.put("production", render(K8S.resolve("overlays/production")));
    renders.put("production + components", renderWithComponents());
    List<String> failures = new ArrayList<>();
    Set<String> kinds = new TreeSet<>();
    renders.forEach((name, objects) -> {
      for (Map<String, Object> o : objects) {
        String what = name + ": " + o.get("kind") + "/" + meta(o, "name");
        kinds.add(String.valueOf(o.get("kind")));
        schemaErrors(o).forEach(e -> failures.add(what + ": " + e));
      }
    });
    assertThat(failures).isEmpty();
    assertThat(kinds).contains("Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "NetworkPolicy",
      "PersistentVolumeClaim", "ConfigMap", "Secret", "ServiceAccount", "Namespace", "Role", "RoleBinding", "ServiceMonitor");
  }

  @Test
  void theSchemaCheckRefusesWhatKubernetesWould() {
    Map<String, Object> deployment = deployment(render(K8S.resolve("overlays/production")), "interview-api");
    @SuppressWarnings("unchecked")
    Map<String, Object> broken = (Map<String, Object>) Ops.yaml(new Yaml().dump(deployment));
    ((Map<String, Object>) broken.get("spec")).put("replicas", "three");
    container(broken).put("readinessProbee", container(broken).remove("readinessProbe"));
    assertThat(schemaErrors(deployment)).isEmpty();
    List<String> errors = schemaErrors(broken);
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("/spec/replicas"))
      .anySatisfy(e -> assertThat(e).contains("readinessProbee"));
  }

  // ---- what the deployment needs ------------------------------------------------------------------------------

  @Test
  void productionRunsThreeApiNodesAndTwoProxiesFromOneImage() {
    List<Map<String, Object>> objects = render(K8S.resolve("overlays/production"));
    Map<String, Object> api = deployment(objects, "interview-api");
    Map<String, Object> proxy = deployment(objects, "interview-proxy");
    assertThat(at(api, "spec", "replicas")).isEqualTo(3);
    assertThat(at(proxy, "spec", "replicas")).isEqualTo(2);
    assertThat(env(api)).containsEntry("APP_ROLE", "api").containsEntry("APP_ENV", "production");
    assertThat(env(proxy)).containsEntry("APP_ROLE", "proxy").containsEntry("APP_ENV", "production");
    assertThat(container(api).get("image")).isEqualTo(container(proxy).get("image"))
      .isEqualTo("registry.example.com/interview/interview-backend:1.0.0");
    for (Map<String, Object> o : objects) {
      if (!o.get("kind").equals("Namespace")) {
        assertThat(meta(o, "namespace")).as(o.get("kind") + "/" + meta(o, "name")).isEqualTo("interview");
      }
    }
    assertThat(objects).noneMatch(o -> o.get("kind").equals("Secret")); // created by the operator, README
    assertThat(objects).noneMatch(o -> List.of("postgres", "redis").contains(meta(o, "name")));

    List<Map<String, Object>> dev = render(K8S.resolve("overlays/dev"));
    assertThat(at(deployment(dev, "interview-api"), "spec", "replicas")).isEqualTo(2);
    assertThat(at(deployment(dev, "interview-proxy"), "spec", "replicas")).isEqualTo(1);
    assertThat(env(deployment(dev, "interview-api"))).containsEntry("APP_ENV", "development");
    assertThat(deployment(dev, "postgres")).isNotNull();
    assertThat(deployment(dev, "redis")).isNotNull();
    assertThat(map(object(dev, "Secret", "interview-secrets").get("data")).keySet()).containsAll(SECRET_VARIABLES);
  }

  @Test
  void probesAndTheDrainFitTheApplication() {
    Map<String, Object> conf = Ops.yaml(ROOT.resolve("conf/app.yaml"));
    long drain = seconds(at(conf, "proxy", "shutdownTimeout")) + seconds(at(conf, "api", "shutdownTimeout"))
      + 10; // leaving the cluster: the launcher bounds the whole close at both timeouts + 10 s (Main.afterVertxStarted)
    for (String overlay : List.of("dev", "production")) {
      for (Map<String, Object> d : appDeployments(render(K8S.resolve("overlays/" + overlay)))) {
        String what = overlay + " " + meta(d, "name");
        Map<String, Object> c = container(d);
        int management = containerPort(c, "management");
        assertThat(management).isEqualTo(9000);
        assertThat(at(c, "livenessProbe", "httpGet", "path")).as(what).isEqualTo("/health/live");
        assertThat(at(c, "readinessProbe", "httpGet", "path")).as(what).isEqualTo("/health/ready");
        assertThat(at(c, "startupProbe", "httpGet", "path")).as(what).isEqualTo("/health/live");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
          assertThat(at(c, probe, "httpGet", "port")).as(what + " " + probe).isEqualTo("management");
        }
        long startup = ((Number) at(c, "startupProbe", "periodSeconds")).longValue()
          * ((Number) at(c, "startupProbe", "failureThreshold")).longValue();
        assertThat(startup).as(what + " first start (migrations, joining)").isGreaterThanOrEqualTo(120);
        String preStop = String.join(" ", strings(at(c, "lifecycle", "preStop", "exec", "command")));
        Matcher sleep = Pattern.compile("sleep (\\d+)").matcher(preStop);
        assertThat(sleep.find()).as(what + " preStop " + preStop).isTrue();
        long grace = ((Number) at(d, "spec", "template", "spec", "terminationGracePeriodSeconds")).longValue();
        assertThat(grace).as(what + " terminationGracePeriodSeconds vs preStop + drain")
          .isGreaterThanOrEqualTo(Long.parseLong(sleep.group(1)) + drain);
        assertThat(strings(c.get("args"))).containsSubsequence("-cluster", "-cluster-port", "5702")
          .containsSubsequence("-conf", "/app/conf/kubernetes.yaml");
        assertThat(containerPort(c, "eventbus")).isEqualTo(5702);
        assertThat(containerPort(c, "hazelcast")).isEqualTo(5701);
        assertThat(at(d, "spec", "template", "metadata", "annotations"))
          .isEqualTo(Map.of("prometheus.io/scrape", "true", "prometheus.io/port", "9000", "prometheus.io/path", "/metrics"));
      }
    }
  }

  @Test
  void podsRunAsNonRootOnAReadOnlyRootWithoutCapabilities() {
    for (String overlay : List.of("dev", "production")) {
      for (Map<String, Object> d : render(K8S.resolve("overlays/" + overlay))) {
        if (!d.get("kind").equals("Deployment")) {
          continue;
        }
        String what = overlay + " " + meta(d, "name");
        Map<String, Object> pod = map(at(d, "spec", "template", "spec"));
        assertThat(at(pod, "securityContext", "runAsNonRoot")).as(what).isEqualTo(true);
        assertThat(at(pod, "securityContext", "seccompProfile", "type")).as(what).isEqualTo("RuntimeDefault");
        assertThat(pod.get("automountServiceAccountToken")).as(what).isEqualTo(false);
        for (Object o : (List<?>) pod.get("containers")) {
          Map<String, Object> c = map(o);
          assertThat(c.get("image")).as(what + " image").isNotNull();
          assertThat(at(c, "securityContext", "readOnlyRootFilesystem")).as(what).isEqualTo(true);
          assertThat(at(c, "securityContext", "allowPrivilegeEscalation")).as(what).isEqualTo(false);
          assertThat(strings(at(c, "securityContext", "capabilities", "drop"))).as(what).containsExactly("ALL");
          assertThat(at(c, "resources", "limits", "memory")).as(what).isNotNull();
        }
      }
      for (Map<String, Object> d : appDeployments(render(K8S.resolve("overlays/" + overlay)))) {
        String what = overlay + " " + meta(d, "name");
        assertThat(at(d, "spec", "template", "spec", "securityContext", "runAsUser")).as(what).isEqualTo(10001);
        Map<String, Object> volumes = byName(at(d, "spec", "template", "spec", "volumes"));
        Map<String, Object> mounts = byName(container(d).get("volumeMounts"));
        assertThat(at(mounts, "tmp", "mountPath")).isEqualTo("/tmp");
        assertThat(at(volumes, "tmp", "emptyDir")).as(what + " /tmp is an emptyDir").isNotNull();
        assertThat(at(mounts, "uploads", "mountPath")).isEqualTo("/app/uploads");
        assertThat(at(volumes, "uploads", "persistentVolumeClaim", "claimName")).isEqualTo("interview-uploads");
        assertThat(at(mounts, "config", "readOnly")).isEqualTo(true);
      }
    }
    Map<String, Object> pvc = object(render(K8S.resolve("overlays/production")), "PersistentVolumeClaim", "interview-uploads");
    assertThat(strings(at(pvc, "spec", "accessModes"))).containsExactly("ReadWriteMany");
  }

  @Test
  void servicesBudgetsAndTheAutoscaler() {
    List<Map<String, Object>> objects = render(K8S.resolve("overlays/production"));
    Map<String, Object> api = deployment(objects, "interview-api");
    Map<String, Object> proxy = deployment(objects, "interview-proxy");

    Map<String, Object> lb = object(objects, "Service", "interview-proxy");
    assertThat(at(lb, "spec", "type")).isEqualTo("LoadBalancer");
    assertThat(at(lb, "spec", "externalTrafficPolicy")).isEqualTo("Local");
    assertThat(selects(lb, "spec", "selector", proxy)).isTrue();
    assertThat(selects(lb, "spec", "selector", api)).isFalse();
    Map<String, Object> ports = byName(at(lb, "spec", "ports"));
    assertThat(at(ports, "http", "port")).isEqualTo(80);
    assertThat(at(ports, "https", "port")).isEqualTo(443);
    assertThat(containerPort(container(proxy), (String) at(ports, "http", "targetPort"))).isEqualTo(8080);
    assertThat(containerPort(container(proxy), (String) at(ports, "https", "targetPort"))).isEqualTo(8443);

    Map<String, Object> headless = object(objects, "Service", "interview-cluster");
    assertThat(at(headless, "spec", "clusterIP")).isEqualTo("None");
    assertThat(at(headless, "spec", "publishNotReadyAddresses")).isEqualTo(true);
    assertThat(selects(headless, "spec", "selector", api)).isTrue();
    assertThat(selects(headless, "spec", "selector", proxy)).isTrue();
    assertThat(env(api)).containsEntry("CLUSTER_DISCOVERY", "kubernetes").containsEntry("CLUSTER_SERVICE_DNS", "interview-cluster");
    assertThat(env(proxy)).containsEntry("CLUSTER_DISCOVERY", "kubernetes").containsEntry("CLUSTER_SERVICE_DNS", "interview-cluster");
    assertThat(byName(at(headless, "spec", "ports")).keySet()).contains("hazelcast", "eventbus", "management");

    Map<String, Object> pdbProxy = object(objects, "PodDisruptionBudget", "interview-proxy");
    Map<String, Object> pdbApi = object(objects, "PodDisruptionBudget", "interview-api");
    assertThat(at(pdbProxy, "spec", "minAvailable")).isEqualTo(1);
    assertThat(at(pdbApi, "spec", "minAvailable")).isEqualTo(2);
    assertThat(selects(pdbProxy, "spec", "selector", "matchLabels", proxy)).isTrue();
    assertThat(selects(pdbApi, "spec", "selector", "matchLabels", api)).isTrue();
    assertThat(selects(pdbApi, "spec", "selector", "matchLabels", proxy)).isFalse();

    Map<String, Object> hpa = object(objects, "HorizontalPodAutoscaler", "interview-api");
    assertThat(at(hpa, "spec", "scaleTargetRef")).isEqualTo(Map.of("apiVersion", "apps/v1", "kind", "Deployment",
      "name", "interview-api"));
    assertThat(at(hpa, "spec", "minReplicas")).isEqualTo(3);
    Map<String, Object> metric = map(((List<?>) at(hpa, "spec", "metrics")).get(0));
    assertThat(at(metric, "resource", "name")).isEqualTo("cpu");
    assertThat(at(container(api), "resources", "requests", "cpu")).as("the HPA's base").isNotNull();
  }

  @Test
  void networkPoliciesLetOnlyPrometheusAtManagementAndOnlyProxiesAtTheApi() {
    for (String overlay : List.of("dev", "production")) {
      List<Map<String, Object>> objects = render(K8S.resolve("overlays/" + overlay));
      Map<String, Object> api = deployment(objects, "interview-api");
      Map<String, Object> proxy = deployment(objects, "interview-proxy");
      for (Map<String, Object> d : List.of(api, proxy)) {
        List<Map<String, Object>> policies = objects.stream().filter(o -> o.get("kind").equals("NetworkPolicy"))
          .filter(p -> selects(p, "spec", "podSelector", "matchLabels", d)).toList();
        assertThat(policies).as(overlay + " policies of " + meta(d, "name")).hasSize(1);
        Map<String, Object> policy = policies.get(0);
        assertThat(strings(at(policy, "spec", "policyTypes"))).containsExactly("Ingress");
        Map<String, Object> c = container(d);
        Set<String> allowed = new TreeSet<>();
        for (Object r : (List<?>) at(policy, "spec", "ingress")) {
          Map<String, Object> rule = map(r);
          List<String> rulePorts = ((List<?>) rule.get("ports")).stream().map(p -> String.valueOf(map(p).get("port"))).toList();
          allowed.addAll(rulePorts);
          List<?> from = (List<?>) rule.get("from");
          if (rulePorts.contains("management")) {
            assertThat(rulePorts).containsExactly("management");
            assertThat(from).as("who reaches the management port").hasSize(1);
            Map<String, Object> peer = map(from.get(0));
            assertThat(at(peer, "namespaceSelector", "matchLabels")).isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
            assertThat(at(peer, "podSelector", "matchLabels")).isEqualTo(Map.of("app.kubernetes.io/name", "prometheus"));
          }
          if (rulePorts.contains("api")) {
            assertThat(rulePorts).containsExactly("api");
            assertThat(from).hasSize(1);
            Map<String, Object> peer = map(from.get(0));
            assertThat(peer).containsOnlyKeys("podSelector");
            assertThat(selects(peer, "podSelector", "matchLabels", proxy)).isTrue();
            assertThat(selects(peer, "podSelector", "matchLabels", api)).isFalse();
          }
          if (rulePorts.contains("hazelcast") || rulePorts.contains("eventbus")) {
            assertThat(rulePorts).containsExactlyInAnyOrder("hazelcast", "eventbus");
            Map<String, Object> peer = map(from.get(0));
            assertThat(from).hasSize(1);
            assertThat(peer).containsOnlyKeys("podSelector");
            assertThat(selects(peer, "podSelector", "matchLabels", api)).isTrue();
            assertThat(selects(peer, "podSelector", "matchLabels", proxy)).isTrue();
          }
          if (rulePorts.contains("http") || rulePorts.contains("https")) {
            assertThat(d).isSameAs(proxy);
            assertThat(from).as("the public ports are open to all").isNull();
          }
          for (String p : rulePorts) {
            assertThat(containerPort(c, p)).as(meta(d, "name") + " has port " + p).isPositive();
          }
        }
        // every port of the container is covered by exactly the rules above, none left open by accident
        assertThat(allowed).isEqualTo(new TreeSet<>(byName(c.get("ports")).keySet()));
      }
    }
  }

  @Test
  void secretsComeOnlyFromTheSecretAndTheConfigMapIsAValidOverlay(@TempDir Path tmp) throws IOException {
    for (String overlay : List.of("dev", "production")) {
      List<Map<String, Object>> objects = render(K8S.resolve("overlays/" + overlay));
      Map<String, Object> devSecret = overlay.equals("dev") ? object(objects, "Secret", "interview-secrets") : null;
      for (Map<String, Object> d : appDeployments(objects)) {
        for (Object e : (List<?>) container(d).get("env")) {
          Map<String, Object> var = map(e);
          if (!SECRET_VARIABLES.contains(var.get("name"))) {
            continue;
          }
          assertThat(var).as(overlay + " " + var.get("name")).doesNotContainKey("value");
          String secretName = (String) at(var, "valueFrom", "secretKeyRef", "name");
          assertThat(at(var, "valueFrom", "secretKeyRef", "key")).isEqualTo(var.get("name"));
          if (devSecret != null) {
            assertThat(secretName).isEqualTo(meta(devSecret, "name")); // the generated one, with its hash
            assertThat(map(devSecret.get("data"))).containsKey((String) var.get("name"));
          } else {
            assertThat(secretName).isEqualTo("interview-secrets");
          }
        }
        assertThat(env(d).keySet()).containsAll(SECRET_VARIABLES);
      }
      List<String> secretValues = new ArrayList<>();
      if (devSecret != null) {
        map(devSecret.get("data")).values().forEach(v -> secretValues.add(new String(
          java.util.Base64.getMimeDecoder().decode((String) v), java.nio.charset.StandardCharsets.UTF_8)));
      }
      for (Map<String, Object> cm : objects.stream().filter(o -> o.get("kind").equals("ConfigMap")).toList()) {
        String data = new Yaml().dump(cm.get("data"));
        assertThat(data).as(overlay + " ConfigMap " + meta(cm, "name"))
          .doesNotContainPattern("(?i)(secret|password|token)\\s*:").doesNotContainPattern("://[^/\\s:@]+:[^@\\s]+@");
        for (String v : secretValues) {
          assertThat(data).doesNotContain(v);
        }
      }

      // the ConfigMap's file is an overlay the application accepts, with the Deployments' environment
      Map<String, Object> cm = objects.stream().filter(o -> o.get("kind").equals("ConfigMap")).findFirst().orElseThrow();
      String file = (String) map(cm.get("data")).get("kubernetes.yaml");
      Files.writeString(tmp.resolve("tls.crt"), "pem");
      Files.writeString(tmp.resolve("tls.key"), "pem");
      Path conf = tmp.resolve(overlay + ".yaml");
      Files.writeString(conf, file.replace("/app/tls/", tmp + "/"));
      for (Map<String, Object> d : appDeployments(objects)) {
        Map<String, String> env = new HashMap<>(env(d));
        env.put("JWT_SECRET", "a-secret-of-at-least-thirty-two-bytes-here");
        env.put("DATABASE_URL", "postgresql://interview:not-the-default@db:5432/interview_db");
        env.put("REDIS_URL", "redis://redis:6379");
        env.put("CLUSTER_HOST", "10.0.0.1");
        AppConfig c = ConfigLoader.load(conf.toString(), env);
        Map<String, Object> container = container(d);
        assertThat(c.cluster().discovery()).isEqualTo(ClusterDiscovery.KUBERNETES);
        assertThat(c.cluster().kubernetes().serviceDns()).isEqualTo("interview-cluster");
        assertThat(c.management().port()).isEqualTo(containerPort(container, "management"));
        assertThat(c.cluster().port()).isEqualTo(containerPort(container, "hazelcast"));
        assertThat(c.api().uploads().dir()).isEqualTo(at(byName(container.get("volumeMounts")), "uploads", "mountPath"));
        if (meta(d, "name").equals("interview-proxy")) {
          assertThat(c.proxy().port()).isEqualTo(containerPort(container, "http"));
          assertThat(c.proxy().tls().enabled()).isEqualTo(overlay.equals("production"));
          if (c.proxy().tls().enabled()) {
            assertThat(c.proxy().tls().port()).isEqualTo(containerPort(container, "https"));
          }
        } else {
          assertThat(c.api().port()).isEqualTo(containerPort(container, "api"));
        }
      }
    }
  }

  @Test
  void theOptionalComponentsSwitchToTheApiLookupAndAddAServiceMonitor() throws IOException {
    List<Map<String, Object>> objects = renderWithComponents();
    for (Map<String, Object> d : appDeployments(objects)) {
      assertThat(env(d)).containsEntry("CLUSTER_SERVICE_NAME", "interview-cluster").doesNotContainKey("CLUSTER_SERVICE_DNS");
      assertThat(at(d, "spec", "template", "spec", "automountServiceAccountToken")).isEqualTo(true);
      AppConfig c = ConfigLoader.load(null, Map.of("CLUSTER_DISCOVERY", "kubernetes", "CLUSTER_SERVICE_NAME",
        env(d).get("CLUSTER_SERVICE_NAME")));
      assertThat(c.cluster().kubernetes().dnsLookup()).isFalse();
    }
    Map<String, Object> role = object(objects, "Role", "interview-discovery");
    assertThat((List<?>) role.get("rules")).hasSize(1);
    Map<String, Object> rule = map(((List<?>) role.get("rules")).get(0));
    assertThat(strings(rule.get("resources"))).containsExactlyInAnyOrder("endpoints", "pods");
    assertThat(strings(rule.get("verbs"))).containsExactlyInAnyOrder("get", "list");
    Map<String, Object> binding = object(objects, "RoleBinding", "interview-discovery");
    assertThat(binding.get("subjects")).isEqualTo(List.of(Map.of("kind", "ServiceAccount", "name", "interview",
      "namespace", "interview")));
    assertThat(at(binding, "roleRef", "name")).isEqualTo("interview-discovery");

    Map<String, Object> monitor = object(objects, "ServiceMonitor", "interview");
    Map<String, Object> headless = object(objects, "Service", "interview-cluster");
    assertThat(map(at(headless, "metadata", "labels")).entrySet())
      .containsAll(map(at(monitor, "spec", "selector", "matchLabels")).entrySet());
    assertThat(object(objects, "Service", "interview-proxy").get("metadata").toString()).doesNotContain("component=cluster");
    Map<String, Object> endpoint = map(((List<?>) at(monitor, "spec", "endpoints")).get(0));
    assertThat(byName(at(headless, "spec", "ports"))).containsKey((String) endpoint.get("port"));
    assertThat(endpoint.get("path")).isEqualTo("/metrics");
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  private static String gvk(Map<String, Object> o) {
    String apiVersion = String.valueOf(o.get("apiVersion"));
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    return group + "/" + version + "/" + o.get("kind");
  }

  /**
   * The schema's name for an object, null when the document has none: the Kubernetes names
   * ({@code v1} → {@code io.k8s.api.core.v1.*}, {@code apps/v1} → {@code io.k8s.api.apps.v1.*},
   * {@code networking.k8s.io/v1} and {@code rbac.authorization.k8s.io/v1} → {@code io.k8s.api.networking.v1.*},
   * {@code io.k8s.api.rbac.v1.*}), else the reversed group ({@code monitoring.coreos.com/v1} →
   * {@code com.coreos.monitoring.v1.*}).
   */
  private static String schemaName(Map<String, Object> o) {
    String apiVersion = String.valueOf(o.get("apiVersion"));
    String kind = String.valueOf(o.get("kind"));
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "core";
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    List<String> candidates = new ArrayList<>();
    if (!group.contains(".")) {
      candidates.add("io.k8s.api." + group);
    } else if (group.endsWith(".k8s.io")) {
      candidates.add("io.k8s.api." + group.substring(0, group.indexOf('.')));
    }
    List<String> labels = new ArrayList<>(List.of(group.split("\\.")));
    java.util.Collections.reverse(labels);
    candidates.add(String.join(".", labels));
    return candidates.stream().map(c -> c + "." + version + "." + kind).filter(DEFINITIONS::contains).findFirst().orElse(null);
  }

  private static List<Map<String, Object>> appDeployments(List<Map<String, Object>> objects) {
    return List.of(deployment(objects, "interview-api"), deployment(objects, "interview-proxy"));
  }

  private static Map<String, Object> deployment(List<Map<String, Object>> objects, String name) {
    return object(objects, "Deployment", name);
  }

  /** The object of {@code kind} named {@code name}, or {@code name-<hash>} for generated ones. */
  private static Map<String, Object> object(List<Map<String, Object>> objects, String kind, String name) {
    List<Map<String, Object>> found = objects.stream().filter(o -> o.get("kind").equals(kind))
      .filter(o -> meta(o, "name").equals(name) || meta(o, "name").matches(Pattern.quote(name) + "-[a-z0-9]{10}")).toList();
    assertThat(found).as(kind + " " + name).hasSize(1);
    return found.get(0);
  }

  private static Map<String, Object> container(Map<String, Object> deployment) {
    List<?> containers = (List<?>) at(deployment, "spec", "template", "spec", "containers");
    return map(containers.get(0));
  }

  private static Map<String, String> env(Map<String, Object> deployment) {
    Map<String, String> env = new HashMap<>();
    for (Object e : (List<?>) container(deployment).get("env")) {
      Map<String, Object> var = map(e);
      env.put((String) var.get("name"), var.get("value") == null ? "<from " + var.get("valueFrom") + ">" : String.valueOf(var.get("value")));
    }
    return env;
  }

  private static int containerPort(Map<String, Object> container, String name) {
    Object port = at(byName(container.get("ports")), name, "containerPort");
    assertThat(port).as("container port " + name).isNotNull();
    return ((Number) port).intValue();
  }

  /** Whether the label map at {@code path} of {@code o} selects the pods of {@code deployment}. */
  private static boolean selects(Map<String, Object> o, Object... pathThenDeployment) {
    Object[] path = java.util.Arrays.copyOf(pathThenDeployment, pathThenDeployment.length - 1);
    @SuppressWarnings("unchecked")
    Map<String, Object> deployment = (Map<String, Object>) pathThenDeployment[pathThenDeployment.length - 1];
    Map<String, Object> selector = map(at(o, java.util.Arrays.stream(path).map(String::valueOf).toArray(String[]::new)));
    Map<String, Object> labels = map(at(deployment, "spec", "template", "metadata", "labels"));
    return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
  }

  private static Map<String, Object> byName(Object list) {
    Map<String, Object> out = new HashMap<>();
    for (Object o : (List<?>) list) {
      out.put((String) map(o).get("name"), o);
    }
    return out;
  }

  private static String meta(Map<String, Object> o, String key) {
    return String.valueOf(at(o, "metadata", key));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o == null ? Map.of() : (Map<String, Object>) o;
  }

  private static List<String> strings(Object o) {
    return o == null ? List.of() : ((List<?>) o).stream().map(String::valueOf).toList();
  }

  @SuppressWarnings("unchecked")
  private static Object at(Map<String, Object> map, String... path) {
    Object cur = map;
    for (String p : path) {
      if (!(cur instanceof Map)) {
        return null;
      }
      cur = ((Map<String, Object>) cur).get(p);
    }
    return cur;
  }

  private static long seconds(Object duration) {
    Matcher m = Pattern.compile("(\\d+)s").matcher(String.valueOf(duration).toLowerCase(Locale.ROOT));
    assertThat(m.matches()).as("duration " + duration).isTrue();
    return Long.parseLong(m.group(1));
  }
}
