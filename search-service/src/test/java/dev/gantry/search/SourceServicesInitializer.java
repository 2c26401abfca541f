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

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        var tokens = GantryInfrastructure.get().tokens();
        tokens.registerClient(CLIENT_ID, CLIENT_SECRET, java.util.Set.of("gantry.export"));
        ExportStub stub = ExportStub.get();
        String jvm = GantryInfrastructure.TOPIC_PREFIX.replace(".", "");
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("searchServiceTest", Map.of(
                "gantry.search.index-alias", "gantry-search-" + jvm,
                "gantry.search.export.project-service-url", stub.url(),
                "gantry.search.export.task-service-url", stub.url(),
                "gantry.search.export.token-uri", tokens.tokenUri(),
                "gantry.search.export.client-id", CLIENT_ID,
                "gantry.search.export.client-secret", CLIENT_SECRET,
                "gantry.search.export.page-size", "2")));
    }
}
