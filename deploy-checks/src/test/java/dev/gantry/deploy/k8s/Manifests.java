package dev.gantry.deploy.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.yaml.snakeyaml.Yaml;

/** The objects {@code kubectl kustomize} rendered for one overlay, parsed with snakeyaml, and ways to look into them. */
record Manifests(String overlay, String yaml, List<Map<String, Object>> objects) {

    /** A pod template of a Deployment, Job or CronJob. */
    record Workload(String kind, String name, Map<String, Object> template) {

        Map<String, String> labels() {
            return strings(map(template, "metadata", "labels"));
        }

        Map<String, Object> podSpec() {
            return map(template, "spec");
        }

        List<Map<String, Object>> containers() {
            return list(podSpec(), "containers");
        }

        /** The container ports by name: what a named port in a probe or a NetworkPolicy means for this pod. */
        Map<String, Integer> namedPorts() {
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (Map<String, Object> container : containers()) {
                for (Map<String, Object> port : list(container, "ports")) {
                    if (port.get("name") != null) {
                        ports.put((String) port.get("name"), (Integer) port.get("containerPort"));
                    }
                }
            }
            return ports;
        }

        /** A port as a probe or policy gives it (number or name) as a number, or null when the pod has no such name. */
        Integer resolve(Object port) {
            return port instanceof Integer number ? number : namedPorts().get(String.valueOf(port));
        }

        @Override
        public String toString() {
            return kind + "/" + name;
        }
    }

    static Manifests parse(String overlay, String yaml) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml().loadAll(yaml)) {
            if (document != null) {
                objects.add(cast(document));
            }
        }
        return new Manifests(overlay, yaml, objects);
    }

    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Map<String, Object> named(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(name(o))).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + " renders no " + kind + " " + name));
    }

    /** Every pod template: Deployments, Jobs and CronJobs. */
    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        for (Map<String, Object> object : objects) {
            String kind = (String) object.get("kind");
            Map<String, Object> template = switch (kind) {
                case "Deployment", "Job" -> map(object, "spec", "template");
                case "CronJob" -> map(object, "spec", "jobTemplate", "spec", "template");
                default -> null;
            };
            if (template != null) {
                workloads.add(new Workload(kind, name(object), template));
            }
        }
        return workloads;
    }

    Workload deployment(String name) {
        return workloads().stream().filter(w -> w.kind().equals("Deployment") && w.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + " renders no Deployment " + name));
    }

    static String name(Map<String, Object> object) {
        return (String) map(object, "metadata").get("name");
    }

    /** The map at {@code path} below {@code object}; an empty map when any step is missing. */
    static Map<String, Object> map(Map<String, Object> object, String... path) {
        Map<String, Object> current = object;
        for (String step : path) {
            Object next = current == null ? null : current.get(step);
            if (!(next instanceof Map<?, ?>)) {
                return Map.of();
            }
            current = cast(next);
        }
        return current;
    }

    /** The list of maps at {@code key}; an empty list when missing. */
    static List<Map<String, Object>> list(Map<String, Object> object, String key) {
        Object value = object == null ? null : object.get(key);
        if (!(value instanceof List<?> items)) {
            return List.of();
        }
        return items.stream().map(Manifests::<Map<String, Object>>cast).toList();
    }

    static Map<String, String> strings(Map<String, Object> map) {
        Map<String, String> strings = new LinkedHashMap<>();
        map.forEach((key, value) -> strings.put(key, Objects.toString(value)));
        return strings;
    }

    /**
     * Whether a Kubernetes label selector ({@code matchLabels} and {@code matchExpressions}) matches {@code labels}.
     * An empty selector matches everything.
     */
    static boolean selects(Map<String, Object> selector, Map<String, String> labels) {
        for (Map.Entry<String, String> required : strings(map(selector, "matchLabels")).entrySet()) {
            if (!required.getValue().equals(labels.get(required.getKey()))) {
                return false;
            }
        }
        for (Map<String, Object> expression : list(selector, "matchExpressions")) {
            String key = (String) expression.get("key");
            List<?> values = expression.get("values") instanceof List<?> given ? given : List.of();
            boolean matches = switch ((String) expression.get("operator")) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> throw new AssertionError("unknown selector operator in " + expression);
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(Object value) {
        return (T) value;
    }
}
