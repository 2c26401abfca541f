package dev.gantry.deploy.k8s;

import dev.gantry.deploy.Tool;
import static dev.gantry.deploy.k8s.Manifests.list;
import static dev.gantry.deploy.k8s.Manifests.map;
import static dev.gantry.deploy.k8s.Manifests.name;
import static dev.gantry.deploy.k8s.Manifests.selects;
import static dev.gantry.deploy.k8s.Manifests.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.gantry.deploy.k8s.Manifests.Workload;
import dev.gantry.deploy.k8s.NetworkPolicies.Endpoint;

/**
 * The Kubernetes overlays as {@code kubectl kustomize} renders them: valid against the Kubernetes schemas
 * (kubernetes-models, through {@code validate-k8s.mjs}), and holding what deploy/README.md promises about probes,
 * resources, security, secrets, disruption budgets, autoscaling, network policies, backups and TLS.
 */
class KubernetesManifestsTest {

    /** Each service's port; Prometheus and the probes use it too, except on the gateway (management port 8090). */
    private static final Map<String, Integer> PORTS = new LinkedHashMap<>();
    static {
        PORTS.put("gateway-service", 8080);
        PORTS.put("user-service", 8081);
        PORTS.put("project-service", 8082);
        PORTS.put("task-service", 8083);
        PORTS.put("notification-service", 8084);
        PORTS.put("search-service", 8085);
    }
    private static final List<String> BEHIND_GATEWAY = PORTS.keySet().stream()
            .filter(service -> !service.equals("gateway-service")).toList();

    private static final Map<String, String> NAMESPACES = Map.of("dev", "gantry-dev", "prod", "gantry");
    private static final Map<String, String> HOSTS = Map.of("dev", "gantry-dev.example.com",
            "prod", "gantry.example.com");

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|CREDENTIAL).*");

    private static final Map<String, Manifests> RENDERED = new LinkedHashMap<>();
    private static final Map<String, Path> FILES = new LinkedHashMap<>();

    @BeforeAll
    static void render(@TempDir Path dir) throws IOException {
        for (String overlay : List.of("dev", "prod")) {
            String yaml = Tool.run(Duration.ofSeconds(60), "kubectl", "kustomize", "deploy/k8s/overlays/" + overlay)
                    .requireSuccess("kubectl kustomize deploy/k8s/overlays/" + overlay).output();
            RENDERED.put(overlay, Manifests.parse(overlay, yaml));
            FILES.put(overlay, Files.writeString(dir.resolve(overlay + ".yaml"), yaml, StandardCharsets.UTF_8));
        }
    }

    private static Manifests rendered(String overlay) {
        return RENDERED.get(overlay);
    }

    // --- schemas ---------------------------------------------------------------------------------------------------

    @Test
    void everyRenderedObjectIsValidAgainstTheKubernetesSchemas() {
        Tool.Result result = validate(FILES.get("dev"), FILES.get("prod"));
        int objects = rendered("dev").objects().size() + rendered("prod").objects().size();
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).as("every object was checked").contains(objects + " valid, 0 invalid");
    }

    @Test
    void theSchemaValidationReportsEachInvalidObject(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: broken
                spec:
                  replicas: two
                  selector: {}
                  template:
                    spec:
                      containers:
                        - image: gantry/broken
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: sideways
                spec:
                  podSelector: {}
                  policyTypes: [Sideways]
                """);
        Tool.Result result = validate(broken);
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output())
                .contains("Deployment/broken: data/spec/replicas must be integer")
                .contains("must have required property name")
                .contains("NetworkPolicy/sideways: data/spec/policyTypes/0")
                .contains("0 valid, 2 invalid");
    }

    private static Tool.Result validate(Path... files) {
        Path script;
        try {
            script = Path.of(KubernetesManifestsTest.class.getResource("/validate-k8s.mjs").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> command = new ArrayList<>(List.of("node", script.toString()));
        for (Path file : files) {
            command.add(file.toString());
        }
        return Tool.run(Duration.ofSeconds(60), Map.of("NODE_PATH", Tool.nodeModules().toString()), Set.of(),
                command);
    }

    // --- workloads -------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceIsADeploymentWithResourcesProbesAndOnePodAtATimeRollouts(String overlay) {
        Manifests manifests = rendered(overlay);
        assertThat(manifests.ofKind("Deployment")).extracting(Manifests::name)
                .containsExactlyInAnyOrderElementsOf(PORTS.keySet());
        SoftAssertions softly = new SoftAssertions();
        PORTS.forEach((service, port) -> {
            Workload deployment = manifests.deployment(service);
            int probePort = service.equals("gateway-service") ? 8090 : port;
            softly.assertThat(deployment.namedPorts()).as("%s ports", service).containsValue(port);
            for (Map<String, Object> container : deployment.containers()) {
                String what = service + " container " + container.get("name");
                for (String bound : List.of("requests", "limits")) {
                    softly.assertThat(strings(map(container, "resources", bound))).as("%s %s", what, bound)
                            .containsKeys("cpu", "memory");
                }
                Map<String, String> probes = Map.of("startupProbe", "/actuator/health/liveness",
                        "livenessProbe", "/actuator/health/liveness", "readinessProbe", "/actuator/health/readiness");
                probes.forEach((probe, path) -> {
                    Map<String, Object> get = map(container, probe, "httpGet");
                    softly.assertThat(get.get("path")).as("%s %s path", what, probe).isEqualTo(path);
                    softly.assertThat(deployment.resolve(get.get("port"))).as("%s %s port", what, probe)
                            .isEqualTo(probePort);
                });
            }
            // Flyway migrates at start-up: a rollout starts one new pod at a time and keeps every old one until
            // the new one is ready, so a failed migration never takes the service down (deploy/README.md).
            Map<String, Object> strategy = map(manifests.named("Deployment", service), "spec", "strategy");
            softly.assertThat(strategy.get("type")).as("%s strategy", service).isEqualTo("RollingUpdate");
            softly.assertThat(strings(map(strategy, "rollingUpdate"))).as("%s rolling update", service)
                    .containsEntry("maxSurge", "1").containsEntry("maxUnavailable", "0");
            Map<String, Object> serviceObject = manifests.named("Service", service);
            softly.assertThat(list(map(serviceObject, "spec"), "ports")).as("%s Service port", service)
                    .extracting(p -> p.get("port")).containsExactly(port);
        });
        softly.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyPodRunsAsNonRootOnAReadOnlyRootFilesystemInARestrictedNamespace(String overlay) {
        Manifests manifests = rendered(overlay);
        SoftAssertions softly = new SoftAssertions();
        for (Workload workload : manifests.workloads()) {
            Object podNonRoot = map(workload.podSpec(), "securityContext").get("runAsNonRoot");
            for (Map<String, Object> container : workload.containers()) {
                Map<String, Object> security = map(container, "securityContext");
                String what = workload + " container " + container.get("name");
                softly.assertThat(security.getOrDefault("runAsNonRoot", podNonRoot)).as("%s runAsNonRoot", what)
                        .isEqualTo(true);
                softly.assertThat(security.get("readOnlyRootFilesystem")).as("%s readOnlyRootFilesystem", what)
                        .isEqualTo(true);
                softly.assertThat(security.get("allowPrivilegeEscalation")).as("%s allowPrivilegeEscalation", what)
                        .isEqualTo(false);
            }
        }
        Map<String, Object> namespace = manifests.named("Namespace", NAMESPACES.get(overlay));
        softly.assertThat(strings(map(namespace, "metadata", "labels")))
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        softly.assertThat(manifests.workloads()).extracting(Workload::kind).contains("Deployment", "Job", "CronJob");
        softly.assertAll();
    }

    // --- secrets and configuration ---------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void secretsAreOnlyReferencedNeverCarried(String overlay) {
        Manifests manifests = rendered(overlay);
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, Object> secret : manifests.ofKind("Secret")) {
            softly.assertThat(secret).as("Secret %s", name(secret)).doesNotContainKeys("data", "stringData");
        }
        for (Workload workload : manifests.workloads()) {
            for (Map<String, Object> container : workload.containers()) {
                for (Map<String, Object> variable : list(container, "env")) {
                    if (SECRET_NAME.matcher((String) variable.get("name")).matches()) {
                        softly.assertThat(map(variable, "valueFrom", "secretKeyRef"))
                                .as("%s env %s comes from a Secret", workload, variable.get("name")).isNotEmpty();
                    }
                }
            }
        }
        for (Map<String, Object> configMap : manifests.ofKind("ConfigMap")) {
            softly.assertThat(map(configMap, "data").keySet()).as("ConfigMap %s", name(configMap))
                    .noneMatch(key -> SECRET_NAME.matcher(key).matches());
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyConfigMapAPodNamesIsRendered(String overlay) {
        Manifests manifests = rendered(overlay);
        Map<String, Map<String, Object>> configMaps = new LinkedHashMap<>();
        manifests.ofKind("ConfigMap").forEach(c -> configMaps.put(name(c), map(c, "data")));
        SoftAssertions softly = new SoftAssertions();
        for (Workload workload : manifests.workloads()) {
            for (Map<String, Object> volume : list(workload.podSpec(), "volumes")) {
                Object name = map(volume, "configMap").get("name");
                if (name != null) {
                    softly.assertThat(configMaps).as("%s volume %s", workload, volume.get("name")).containsKey(
                            (String) name);
                }
            }
            for (Map<String, Object> container : workload.containers()) {
                for (Map<String, Object> source : list(container, "envFrom")) {
                    Object name = map(source, "configMapRef").get("name");
                    if (name != null) {
                        softly.assertThat(configMaps).as("%s envFrom", workload).containsKey((String) name);
                    }
                }
                for (Map<String, Object> variable : list(container, "env")) {
                    Map<String, Object> ref = map(variable, "valueFrom", "configMapKeyRef");
                    if (!ref.isEmpty()) {
                        softly.assertThat(configMaps.getOrDefault((String) ref.get("name"), Map.of()))
                                .as("%s env %s", workload, variable.get("name")).containsKey((String) ref.get("key"));
                    }
                }
            }
        }
        softly.assertAll();
    }

    // --- availability ----------------------------------------------------------------------------------------------

    @Test
    void everyServiceHasADisruptionBudgetInProductionThatStillAllowsDrains() {
        Manifests prod = rendered("prod");
        SoftAssertions softly = new SoftAssertions();
        for (String service : PORTS.keySet()) {
            Workload deployment = prod.deployment(service);
            List<Map<String, Object>> budgets = prod.ofKind("PodDisruptionBudget").stream()
                    .filter(pdb -> selects(map(pdb, "spec", "selector"), deployment.labels())).toList();
            softly.assertThat(budgets).as("PodDisruptionBudget of %s", service).hasSize(1);
            budgets.forEach(pdb -> {
                int replicas = (Integer) map(prod.named("Deployment", service), "spec").get("replicas");
                softly.assertThat(map(pdb, "spec").get("minAvailable")).as("%s minAvailable", service)
                        .isInstanceOfSatisfying(Integer.class, min -> assertThat(min).isBetween(1, replicas - 1));
            });
        }
        // One replica each in dev: a budget there would block every node drain.
        softly.assertThat(rendered("dev").ofKind("PodDisruptionBudget")).as("dev budgets").isEmpty();
        softly.assertAll();
    }

    @Test
    void productionAutoscalesTheGatewayAndTaskService() {
        Manifests prod = rendered("prod");
        Map<String, Map<String, Object>> autoscalers = new LinkedHashMap<>();
        prod.ofKind("HorizontalPodAutoscaler")
                .forEach(hpa -> autoscalers.put((String) map(hpa, "spec", "scaleTargetRef").get("name"), hpa));
        assertThat(autoscalers).containsOnlyKeys("gateway-service", "task-service");
        autoscalers.forEach((service, hpa) -> {
            Map<String, Object> spec = map(hpa, "spec");
            assertThat(map(spec, "scaleTargetRef").get("kind")).isEqualTo("Deployment");
            // The applied replica count equals the minimum, so a deploy does not undo a scale-up.
            assertThat(spec.get("minReplicas")).as(service)
                    .isEqualTo(map(prod.named("Deployment", service), "spec").get("replicas"));
            assertThat((Integer) spec.get("maxReplicas")).as(service).isGreaterThan((Integer) spec.get("minReplicas"));
            assertThat(strings(map(prod.deployment(service).containers().get(0), "resources", "requests")))
                    .as("CPU utilisation needs a CPU request").containsKey("cpu");
        });
        assertThat(rendered("dev").ofKind("HorizontalPodAutoscaler")).isEmpty();
    }

    // --- network policies ------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void aDefaultDenyCoversEveryPodAndEveryPodCanStillResolveNames(String overlay) {
        Manifests manifests = rendered(overlay);
        assertThat(manifests.ofKind("NetworkPolicy")).as("a policy selecting every pod, denying both directions")
                .anySatisfy(policy -> {
                    Map<String, Object> spec = map(policy, "spec");
                    assertThat(map(spec, "podSelector")).isEmpty();
                    assertThat(NetworkPolicies.types(policy)).containsExactlyInAnyOrder("Ingress", "Egress");
                    assertThat(spec).doesNotContainKeys("ingress", "egress");
                });
        NetworkPolicies policies = NetworkPolicies.of(manifests, NAMESPACES.get(overlay));
        Endpoint dns = Endpoint.pod("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"));
        for (Workload workload : manifests.workloads()) {
            Endpoint pod = Endpoint.pod(NAMESPACES.get(overlay), workload);
            assertThat(policies.allows(pod, dns, "UDP", 53)).as("%s -> DNS", workload).isTrue();
            assertThat(policies.allowsTcp(pod, Endpoint.outside("the internet"), 443)).as("%s -> internet", workload)
                    .isFalse();
            assertThat(policies.allowsTcp(Endpoint.pod("a pod elsewhere", "default", Map.of()), pod, 8080))
                    .as("another namespace -> %s", workload).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheIngressControllerPrometheusAndTheGatewayReachTheServices(String overlay) {
        Manifests manifests = rendered(overlay);
        String namespace = NAMESPACES.get(overlay);
        NetworkPolicies policies = NetworkPolicies.of(manifests, namespace);
        Endpoint ingressController = Endpoint.pod("ingress controller", "ingress-nginx",
                Map.of("app.kubernetes.io/name", "ingress-nginx"));
        Endpoint prometheus = Endpoint.pod("prometheus", "monitoring", Map.of("app.kubernetes.io/name", "prometheus"));
        Endpoint gateway = Endpoint.pod(namespace, manifests.deployment("gateway-service"));
        Endpoint userService = Endpoint.pod(namespace, manifests.deployment("user-service"));

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(policies.allowsTcp(ingressController, gateway, 8080)).as("ingress -> gateway 8080").isTrue();
        softly.assertThat(policies.allowsTcp(ingressController, gateway, 8090)).as("ingress -> gateway 8090").isFalse();
        softly.assertThat(policies.allowsTcp(prometheus, gateway, 8090)).as("prometheus -> gateway 8090").isTrue();
        softly.assertThat(policies.allowsTcp(prometheus, gateway, 8080)).as("prometheus -> gateway 8080").isFalse();
        for (String service : BEHIND_GATEWAY) {
            Endpoint pod = Endpoint.pod(namespace, manifests.deployment(service));
            int port = PORTS.get(service);
            softly.assertThat(policies.allowsTcp(gateway, pod, port)).as("gateway -> %s", service).isTrue();
            softly.assertThat(policies.allowsTcp(prometheus, pod, port)).as("prometheus -> %s", service).isTrue();
            softly.assertThat(policies.allowsTcp(ingressController, pod, port)).as("ingress -> %s", service)
                    .isFalse();
            softly.assertThat(policies.allowsTcp(pod, gateway, 8080)).as("%s -> gateway", service).isFalse();
            // Synchronous calls between services only to user-service (JWKS, token exchange).
            softly.assertThat(policies.allowsTcp(pod, userService, 8081)).as("%s -> user-service", service)
                    .isTrue();
            softly.assertThat(policies.allowsTcp(pod, userService, 8090)).as("%s -> user-service 8090", service)
                    .isFalse();
            for (String other : BEHIND_GATEWAY) {
                if (!other.equals(service) && !other.equals("user-service")) {
                    softly.assertThat(policies.allowsTcp(pod, Endpoint.pod(namespace, manifests.deployment(other)),
                            PORTS.get(other))).as("%s -> %s", service, other).isFalse();
                }
            }
        }
        for (Workload job : manifests.workloads().stream().filter(w -> !w.kind().equals("Deployment")).toList()) {
            softly.assertThat(policies.allowsTcp(Endpoint.pod(namespace, job), userService, 8081))
                    .as("%s -> user-service", job).isFalse();
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void podsReachOnlyTheBackingServicesTheyUse(String overlay) {
        Manifests manifests = rendered(overlay);
        String namespace = NAMESPACES.get(overlay);
        NetworkPolicies policies = NetworkPolicies.of(manifests, namespace);
        Map<String, Integer> backends = Map.of("PostgreSQL", 5432, "Redis", 6379, "Kafka", 9092,
                "Elasticsearch", 9200, "SMTP", 587, "HTTPS", 443);
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        expected.put("gateway-service", Set.of("Redis"));
        for (String service : BEHIND_GATEWAY) {
            expected.put(service, service.equals("search-service")
                    ? Set.of("PostgreSQL", "Redis", "Kafka", "Elasticsearch")
                    : Set.of("PostgreSQL", "Redis", "Kafka"));
        }
        for (Workload workload : manifests.workloads()) {
            if (!workload.kind().equals("Deployment")) {
                expected.put(workload.name(), Set.of("PostgreSQL")); // the roles Job, the backup CronJob
            }
        }
        SoftAssertions softly = new SoftAssertions();
        for (Workload workload : manifests.workloads()) {
            Endpoint pod = Endpoint.pod(namespace, workload);
            backends.forEach((backend, port) -> softly.assertThat(
                    policies.allowsTcp(pod, Endpoint.outside(backend), port)).as("%s -> %s", workload, backend)
                    .isEqualTo(expected.get(workload.name()).contains(backend)));
        }
        softly.assertAll();
    }

    // --- backups and the way in ------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theBackupCronJobRunsTheBackupScripts(String overlay) {
        Manifests manifests = rendered(overlay);
        List<Workload> cronJobs = manifests.workloads().stream().filter(w -> w.kind().equals("CronJob")).toList();
        assertThat(cronJobs).as("the backup CronJob").isNotEmpty();
        Map<String, Object> scripts = manifests.ofKind("ConfigMap").stream()
                .filter(c -> name(c).startsWith("gantry-backup-scripts-")).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap gantry-backup-scripts"));
        assertThat(map(scripts, "data")).containsKeys("full-backup.sh", "restore.sh", "archive-wal.sh");
        assertThat(cronJobs).anySatisfy(cronJob -> assertThat(list(cronJob.podSpec(), "volumes"))
                .extracting(volume -> map(volume, "configMap").get("name")).contains(name(scripts)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theIngressServesTheGatewayOverTlsOnTheIssuersHost(String overlay) {
        Manifests manifests = rendered(overlay);
        List<Map<String, Object>> ingresses = manifests.ofKind("Ingress");
        assertThat(ingresses).hasSize(1);
        Map<String, Object> spec = map(ingresses.get(0), "spec");
        String host = HOSTS.get(overlay);
        assertThat(list(spec, "rules")).extracting(rule -> rule.get("host")).containsExactly(host);
        assertThat(list(spec, "tls")).singleElement().satisfies(tls -> {
            assertThat(tls.get("secretName")).isEqualTo("gantry-tls");
            assertThat(tls.get("hosts")).isEqualTo(List.of(host));
        });
        assertThat(map(list(map(list(spec, "rules").get(0), "http"), "paths").get(0), "backend", "service"))
                .containsEntry("name", "gateway-service");
        Map<String, Object> config = manifests.ofKind("ConfigMap").stream()
                .filter(c -> name(c).startsWith("gantry-config-")).findFirst().orElseThrow();
        assertThat(map(config, "data")).as("the token issuer is the public URL")
                .containsEntry("GANTRY_JWT_ISSUER", "https://" + host);
    }
}
