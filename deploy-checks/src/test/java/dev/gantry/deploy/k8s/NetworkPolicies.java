package dev.gantry.deploy.k8s;

import static dev.gantry.deploy.k8s.Manifests.list;
import static dev.gantry.deploy.k8s.Manifests.map;
import static dev.gantry.deploy.k8s.Manifests.selects;

import java.util.List;
import java.util.Map;

/**
 * What the rendered NetworkPolicies of one namespace let through, evaluated the way Kubernetes defines it: a pod
 * selected by no policy of a direction is open in that direction; a selected pod accepts only what some rule of a
 * selecting policy allows; a connection needs the sender's egress and the receiver's ingress. Simplification: an
 * {@code ipBlock} peer is taken to mean "outside the cluster".
 */
record NetworkPolicies(String namespace, List<Map<String, Object>> policies) {

    /** One end of a connection: a pod (namespace, labels, named ports) or an address outside the cluster. */
    record Endpoint(String description, String namespace, Map<String, String> labels, Map<String, Integer> ports) {

        static Endpoint pod(String namespace, Manifests.Workload workload) {
            return new Endpoint(workload.name(), namespace, workload.labels(), workload.namedPorts());
        }

        static Endpoint pod(String description, String namespace, Map<String, String> labels) {
            return new Endpoint(description, namespace, labels, Map.of());
        }

        static Endpoint outside(String description) {
            return new Endpoint(description, null, Map.of(), Map.of());
        }

        @Override
        public String toString() {
            return description;
        }
    }

    static NetworkPolicies of(Manifests manifests, String namespace) {
        return new NetworkPolicies(namespace, manifests.ofKind("NetworkPolicy"));
    }

    /** Whether {@code from} may open a connection to {@code to} on {@code protocol}/{@code port}. */
    boolean allows(Endpoint from, Endpoint to, String protocol, int port) {
        boolean egress = !namespace.equals(from.namespace()) || allowed("Egress", from, to, to, protocol, port);
        boolean ingress = !namespace.equals(to.namespace()) || allowed("Ingress", to, from, to, protocol, port);
        return egress && ingress;
    }

    boolean allowsTcp(Endpoint from, Endpoint to, int port) {
        return allows(from, to, "TCP", port);
    }

    private boolean allowed(String direction, Endpoint subject, Endpoint peer, Endpoint receiver, String protocol,
            int port) {
        List<Map<String, Object>> selecting = policies.stream()
                .filter(policy -> types(policy).contains(direction))
                .filter(policy -> selects(map(policy, "spec", "podSelector"), subject.labels()))
                .toList();
        if (selecting.isEmpty()) {
            return true;
        }
        String rulesKey = direction.equals("Ingress") ? "ingress" : "egress";
        String peersKey = direction.equals("Ingress") ? "from" : "to";
        for (Map<String, Object> policy : selecting) {
            for (Map<String, Object> rule : list(map(policy, "spec"), rulesKey)) {
                if (peersMatch(list(rule, peersKey), peer, rule.containsKey(peersKey))
                        && portsMatch(list(rule, "ports"), receiver, protocol, port)) {
                    return true;
                }
            }
        }
        return false;
    }

    static List<String> types(Map<String, Object> policy) {
        Map<String, Object> spec = map(policy, "spec");
        if (spec.get("policyTypes") instanceof List<?> types) {
            return types.stream().map(String::valueOf).toList();
        }
        return spec.containsKey("egress") ? List.of("Ingress", "Egress") : List.of("Ingress");
    }

    private boolean peersMatch(List<Map<String, Object>> peers, Endpoint endpoint, boolean given) {
        if (!given || peers.isEmpty()) {
            return true; // no from/to: every source or destination
        }
        for (Map<String, Object> peer : peers) {
            if (peer.containsKey("ipBlock")) {
                if (endpoint.namespace() == null) {
                    return true;
                }
                continue;
            }
            if (endpoint.namespace() == null) {
                continue;
            }
            boolean namespaceMatches = peer.containsKey("namespaceSelector")
                    ? selects(map(peer, "namespaceSelector"),
                            Map.of("kubernetes.io/metadata.name", endpoint.namespace()))
                    : endpoint.namespace().equals(namespace);
            boolean podMatches = !peer.containsKey("podSelector")
                    || selects(map(peer, "podSelector"), endpoint.labels());
            if (namespaceMatches && podMatches) {
                return true;
            }
        }
        return false;
    }

    private static boolean portsMatch(List<Map<String, Object>> ports, Endpoint receiver, String protocol, int port) {
        if (ports.isEmpty()) {
            return true;
        }
        for (Map<String, Object> entry : ports) {
            if (!protocol.equals(entry.getOrDefault("protocol", "TCP"))) {
                continue;
            }
            Object given = entry.get("port");
            if (given == null) {
                return true;
            }
            Integer first = given instanceof Integer number ? number : receiver.ports().get(String.valueOf(given));
            int last = entry.get("endPort") instanceof Integer end ? end : first == null ? -1 : first;
            if (first != null && port >= first && port <= last) {
                return true;
            }
        }
        return false;
    }
}
