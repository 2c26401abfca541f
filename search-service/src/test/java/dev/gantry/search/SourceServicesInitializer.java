package dev.gantry.search;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import dev.gantry.test.GantryInfrastructure;

/**
 * For every search-service test context alike (so they share one): an index alias of this test JVM's own on the
 * shared Elasticsearch node (a rebuild test switches it), and the source services' export endpoints served by
 * {@link ExportStub} with client_credentials tokens from the test issuer's token endpoint.
 */
public class SourceServicesInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String CLIENT_ID = "search-service";
    public static final String CLIENT_SECRET = "search-service-test-secret";

    private static final java.util.Set<String> DROPPING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** This JVM's indices go when it ends, so the shared node does not fill up with test runs. */
    private static void dropIndicesOnExit(String alias) {
        if (!DROPPING.add(alias)) {
            return;
        }
        String node = GantryInfrastructure.get().elasticsearchUris().split(",")[0];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            var http = java.net.http.HttpClient.newHttpClient();
            try {
                // by name: the node refuses wildcard deletions (action.destructive_requires_name)
                String names = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(node
                        + "/_cat/indices/" + alias + "-*?h=index")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                for (String index : names.strip().split("\\s+")) {
                    if (index.startsWith(alias + "-")) {
                        http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(node + "/" + index))
                                .DELETE().build(), java.net.http.HttpResponse.BodyHandlers.discarding());
                    }
                }
            } catch (Exception e) {
                // the node may already be gone
            }
        }));
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        var tokens = GantryInfrastructure.get().tokens();
        tokens.registerClient(CLIENT_ID, CLIENT_SECRET, java.util.Set.of("gantry.export"));
        ExportStub stub = ExportStub.get();
        String jvm = GantryInfrastructure.TOPIC_PREFIX.replace(".", "");
        String alias = "gantry-search-" + jvm;
        dropIndicesOnExit(alias);
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("searchServiceTest", Map.of(
                "gantry.search.index-alias", alias,
                "gantry.search.export.project-service-url", stub.url(),
                "gantry.search.export.task-service-url", stub.url(),
                "gantry.search.export.token-uri", tokens.tokenUri(),
                "gantry.search.export.client-id", CLIENT_ID,
                "gantry.search.export.client-secret", CLIENT_SECRET,
                "gantry.search.export.page-size", "2",
                // the rebuild test holds an export page while it stages live events
                "gantry.search.export.timeout", "60s")));
    }
}
