package dev.gantry.deploy.k8s;

import dev.gantry.deploy.Tool;
import static dev.gantry.deploy.k8s.Manifests.list;
import static dev.gantry.deploy.k8s.Manifests.map;
import static dev.gantry.deploy.k8s.Manifests.name;
import static dev.gantry.deploy.k8s.Manifests.selects;
import static dev.gantry.deploy.k8s.Manifests.strings;
import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

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
 * resources, security, secrets, disruption budgets, autoscaling, network policies, backups and TLS. prod-canary (the
 * canary the release-prod job applies next to prod) is held to the same rules for its pods, and to what makes it a
 * canary: one pod per service that the prod Services and NetworkPolicies treat like the stable ones.
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

    private static final Map<String, String> NAMESPACES = Map.of("dev", "gantry-dev", "prod", "gantry",
            "prod-canary", "gantry");
    private static final List<String> OVERLAYS = List.of("dev", "prod", "prod-canary");

    /**
     * The selector the CI jobs delete the canary with (release-prod on a failed health gate, rollout-prod after the
     * rollout or on its rollback; GitLabCiTest checks they use it): it must catch every canary object and no other.
     */
    private static final Map<String, String> CANARY_SELECTOR = Map.of("app.kubernetes.io/part-of", "gantry",
            "track", "canary");
    private static final Map<String, String> HOSTS = Map.of("dev", "gantry-dev.example.com",
            "prod", "gantry.example.com");

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|CREDENTIAL).*");

    private static final Map<String, Manifests> RENDERED = new LinkedHashMap<>();
    private static final Map<String, Path> FILES = new LinkedHashMap<>();

    @BeforeAll
    static void render(@TempDir Path dir) throws IOException {
        for (String overlay : OVERLAYS) {
            String yaml = kustomize(Tool.root().resolve("deploy/k8s/overlays/" + overlay));
            RENDERED.put(overlay, Manifests.parse(overlay, yaml));
            FILES.put(overlay, Files.writeString(dir.resolve(overlay + ".yaml"), yaml, StandardCharsets.UTF_8));
        }
    }

    private static String kustomize(Path overlay) {
        return Tool.run(Duration.ofSeconds(60), "kubectl", "kustomize", overlay.toString())
                .requireSuccess("kubectl kustomize " + overlay).stdout();
    }

    private static Manifests rendered(String overlay) {
        return RENDERED.get(overlay);
    }

    // --- schemas ---------------------------------------------------------------------------------------------------

    @Test
    void everyRenderedObjectIsValidAgainstTheKubernetesSchemas() {
        Tool.Result result = validate(FILES.values().toArray(Path[]::new));
        int objects = RENDERED.values().stream().mapToInt(manifests -> manifests.objects().size()).sum();
        assertThat(RENDERED).containsOnlyKeys(OVERLAYS);
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
    @ValueSource(strings = {"dev", "prod", "prod-canary"})
    void everyServiceIsADeploymentWithResourcesProbesAndOnePodAtATimeRollouts(String overlay) {
        Manifests manifests = rendered(overlay);
        // prod-canary runs <service>-canary next to prod's Deployments and Services (it renders no Service).
        String suffix = overlay.equals("prod-canary") ? "-canary" : "";
        Manifests services = overlay.equals("prod-canary") ? rendered("prod") : manifests;
        assertThat(manifests.ofKind("Deployment")).extracting(Manifests::name)
                .containsExactlyInAnyOrderElementsOf(PORTS.keySet().stream().map(s -> s + suffix).toList());
        SoftAssertions softly = new SoftAssertions();
        PORTS.forEach((service, port) -> {
            Workload deployment = manifests.deployment(service + suffix);
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
            Map<String, Object> strategy = map(manifests.named("Deployment", service + suffix), "spec", "strategy");
            softly.assertThat(strategy.get("type")).as("%s strategy", service).isEqualTo("RollingUpdate");
            softly.assertThat(strings(map(strategy, "rollingUpdate"))).as("%s rolling update", service)
                    .containsEntry("maxSurge", "1").containsEntry("maxUnavailable", "0");
            Map<String, Object> serviceObject = services.named("Service", service);
            softly.assertThat(list(map(serviceObject, "spec"), "ports")).as("%s Service port", service)
                    .extracting(p -> p.get("port")).containsExactly(port);
            // The Service sends its traffic to this Deployment's pods, on the service's port.
            Map<String, Object> selector = map(serviceObject, "spec", "selector");
            softly.assertThat(selector).as("Service %s selector", service).isNotEmpty();
            softly.assertThat(selects(Map.<String, Object>of("matchLabels", selector), deployment.labels()))
                    .as("Service %s selects the pods of %s", service, deployment).isTrue();
            softly.assertThat(list(map(serviceObject, "spec"), "ports"))
                    .extracting(p -> deployment.resolve(p.get("targetPort")))
                    .as("Service %s targetPort on %s", service, deployment).containsExactly(port);
        });
        softly.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "prod-canary"})
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
        // Every object lands in the overlay's namespace, which prod renders for the canary too.
        softly.assertThat(manifests.objects()).filteredOn(o -> !"Namespace".equals(o.get("kind")))
                .extracting(o -> map(o, "metadata").get("namespace")).containsOnly(NAMESPACES.get(overlay));
        Manifests namespaces = overlay.equals("prod-canary") ? rendered("prod") : manifests;
        Map<String, Object> namespace = namespaces.named("Namespace", NAMESPACES.get(overlay));
        softly.assertThat(strings(map(namespace, "metadata", "labels")))
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        List<String> kinds = overlay.equals("prod-canary") ? List.of("Deployment")
                : List.of("Deployment", "Job", "CronJob");
        softly.assertThat(manifests.workloads()).extracting(Workload::kind).containsAll(kinds);
        softly.assertAll();
    }

    // --- secrets and configuration ---------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "prod-canary"})
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
    @ValueSource(strings = {"dev", "prod", "prod-canary"})
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

    // --- the canary (prod-canary) ----------------------------------------------------------------------------------

    @Test
    void theCanaryIsOnePodPerServiceThatTheProdServicesSelectNextToTheStableOnes() {
        Manifests canary = rendered("prod-canary");
        Manifests prod = rendered("prod");
        // Nothing but the canary's own objects: applying it must not touch anything prod runs.
        assertThat(canary.objects()).extracting(o -> o.get("kind") + "/" + name(o))
                .hasSize(PORTS.size() + 1)
                .filteredOn(what -> what.startsWith("ConfigMap/")).singleElement(as(STRING))
                .startsWith("ConfigMap/gantry-config-canary-");
        SoftAssertions softly = new SoftAssertions();
        for (String service : PORTS.keySet()) {
            Map<String, Object> deployment = canary.named("Deployment", service + "-canary");
            Workload pods = canary.deployment(service + "-canary");
            Workload stable = prod.deployment(service);
            Map<String, Object> spec = map(deployment, "spec");
            softly.assertThat(spec.get("replicas")).as("%s-canary replicas", service).isEqualTo(1);
            softly.assertThat(strings(map(spec, "selector", "matchLabels"))).as("%s-canary selector", service)
                    .isEqualTo(Map.of("app.kubernetes.io/name", service, "track", "canary"));
            softly.assertThat(pods.labels()).as("%s-canary pod labels", service)
                    .containsEntry("app.kubernetes.io/name", service).containsEntry("track", "canary");
            softly.assertThat(stable.labels()).as("%s stable pod labels", service).containsEntry("track", "stable");
            // A Deployment's selector is immutable: prod's stays what the running Deployments have.
            softly.assertThat(strings(map(prod.named("Deployment", service), "spec", "selector", "matchLabels")))
                    .as("%s stable selector", service).isEqualTo(Map.of("app.kubernetes.io/name", service));
            softly.assertThat(selects(map(spec, "selector"), stable.labels()))
                    .as("%s-canary never claims a stable pod", service).isFalse();
            Map<String, Object> selector = Map.of("matchLabels", map(prod.named("Service", service), "spec",
                    "selector"));
            softly.assertThat(selects(selector, pods.labels()) && selects(selector, stable.labels()))
                    .as("Service %s spreads over the stable and the canary pods", service).isTrue();
            // The same images as prod: pinning prod (what CI does) pins the canary to the release's commit.
            softly.assertThat(pods.containers()).extracting(c -> c.get("image"))
                    .as("%s-canary image", service)
                    .isEqualTo(stable.containers().stream().map(c -> c.get("image")).toList());
            softly.assertThat(strings(map(deployment, "metadata", "labels"))).as("%s-canary labels", service)
                    .containsAllEntriesOf(CANARY_SELECTOR);
        }
        softly.assertThat(canary.objects()).as("every canary object goes with the CI's canary selector")
                .allSatisfy(o -> assertThat(strings(map(o, "metadata", "labels"))).containsAllEntriesOf(CANARY_SELECTOR));
        softly.assertThat(prod.objects()).as("no prod object goes with the CI's canary selector")
                .noneSatisfy(o -> assertThat(strings(map(o, "metadata", "labels"))).containsAllEntriesOf(CANARY_SELECTOR));
        softly.assertAll();
    }

    @Test
    void theCanaryRunsProdsConfigurationAndTagsItsMetricsAsTheCanarys() {
        Map<String, Object> prodConfig = map(configMap(rendered("prod"), "gantry-config-"), "data");
        Map<String, Object> canaryConfig = configMap(rendered("prod-canary"), "gantry-config-canary-");
        Map<String, Object> expected = new LinkedHashMap<>(prodConfig);
        // Spring Boot's management.metrics.tags.track: every series of a canary pod carries track="canary", which
        // the release-prod job's Prometheus query selects.
        expected.put("MANAGEMENT_METRICS_TAGS_TRACK", "canary");
        assertThat(map(canaryConfig, "data")).isEqualTo(expected);
        for (Workload pods : rendered("prod-canary").workloads()) {
            assertThat(pods.containers()).as("%s", pods).allSatisfy(container -> assertThat(list(container, "envFrom"))
                    .extracting(source -> map(source, "configMapRef").get("name")).containsExactly(name(canaryConfig)));
        }
    }

    private static Map<String, Object> configMap(Manifests manifests, String prefix) {
        return manifests.ofKind("ConfigMap").stream().filter(c -> name(c).startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError(manifests.overlay() + " renders no ConfigMap " + prefix + "*"));
    }

    @Test
    void pinningTheProdOverlayAsTheReleaseJobsDoPinsTheCanary(@TempDir Path dir) throws IOException {
        // A copy of what the overlays read, with prod's images pinned the way `kustomize edit set image` writes them.
        Path deploy = dir.resolve("deploy");
        for (String tree : List.of("k8s", "compose/postgres-init", "backup")) {
            copyTree(Tool.root().resolve("deploy").resolve(tree), deploy.resolve(tree));
        }
        Path prodKustomization = deploy.resolve("k8s/overlays/prod/kustomization.yaml");
        String pinned = Files.readString(prodKustomization)
                .replace("newName: registry.example.com/gantry/", "newName: registry.gitlab.example.com/gantry/gantry/")
                .replace("newTag: set-by-release-job", "newTag: 0123abcd");
        assertThat(pinned).doesNotContain("set-by-release-job");
        Files.writeString(prodKustomization, pinned);
        Manifests canary = Manifests.parse("prod-canary", kustomize(deploy.resolve("k8s/overlays/prod-canary")));
        for (String service : PORTS.keySet()) {
            assertThat(canary.deployment(service + "-canary").containers()).extracting(c -> c.get("image"))
                    .containsExactly("registry.gitlab.example.com/gantry/gantry/" + service + ":0123abcd");
        }
        assertThat(rendered("prod-canary").yaml()).as("unpinned, the canary cannot pull either")
                .contains(":set-by-release-job");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    @Test
    void prodsNetworkPoliciesTreatEachCanaryPodLikeItsStablePod() {
        Manifests prod = rendered("prod");
        Manifests canary = rendered("prod-canary");
        String namespace = NAMESPACES.get("prod");
        NetworkPolicies policies = NetworkPolicies.of(prod, namespace);
        List<Endpoint> peers = new ArrayList<>(List.of(
                Endpoint.pod("ingress controller", "ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx")),
                Endpoint.pod("prometheus", "monitoring", Map.of("app.kubernetes.io/name", "prometheus")),
                Endpoint.pod("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns")),
                Endpoint.pod("a pod elsewhere", "default", Map.of()),
                Endpoint.outside("outside the cluster")));
        prod.workloads().forEach(workload -> peers.add(Endpoint.pod(namespace, workload)));
        List<Integer> ports = List.of(53, 443, 587, 5432, 6379, 8080, 8081, 8082, 8083, 8084, 8085, 8090, 9092, 9200);
        SoftAssertions softly = new SoftAssertions();
        for (String service : PORTS.keySet()) {
            Endpoint stable = Endpoint.pod(namespace, prod.deployment(service));
            Endpoint pod = Endpoint.pod(namespace, canary.deployment(service + "-canary"));
            for (Endpoint peer : peers) {
                for (int port : ports) {
                    for (String protocol : List.of("TCP", "UDP")) {
                        softly.assertThat(policies.allows(peer, pod, protocol, port))
                                .as("%s -> %s %s/%d", peer, pod, protocol, port)
                                .isEqualTo(policies.allows(peer, stable, protocol, port));
                        softly.assertThat(policies.allows(pod, peer, protocol, port))
                                .as("%s -> %s %s/%d", pod, peer, protocol, port)
                                .isEqualTo(policies.allows(stable, peer, protocol, port));
                    }
                }
            }
        }
        // Not vacuous: the canary gateway takes the ingress controller's traffic, a canary service the gateway's.
        softly.assertThat(policies.allowsTcp(peers.get(0),
                Endpoint.pod(namespace, canary.deployment("gateway-service-canary")), 8080)).isTrue();
        softly.assertThat(policies.allowsTcp(Endpoint.pod(namespace, prod.deployment("gateway-service")),
                Endpoint.pod(namespace, canary.deployment("task-service-canary")), 8083)).isTrue();
        softly.assertAll();
    }
}
