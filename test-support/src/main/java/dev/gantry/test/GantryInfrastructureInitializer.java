package dev.gantry.test;

import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Points a Spring context under test at the real infrastructure of {@link GantryInfrastructure} and at the test
 * token issuer. Each server is started (or looked up) only for services that have its client on the classpath.
 */
public class GantryInfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String PROPERTY_SOURCE = "gantryTestInfrastructure";
    private static final String DYNAMIC_TEST_PROPERTIES = "Dynamic Test Properties";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        GantryInfrastructure infra = GantryInfrastructure.get();
        Map<String, Object> properties = new HashMap<>();
        ClassLoader classLoader = context.getClassLoader();
        if (ClassUtils.isPresent("org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration", classLoader)) {
            GantryInfrastructure.Postgres postgres = infra.postgres();
            properties.put("gantry.infra.postgres.host", postgres.host());
            properties.put("gantry.infra.postgres.port", postgres.port());
            properties.put("gantry.infra.postgres.database", postgres.database());
            properties.put("spring.datasource.password", GantryInfrastructure.ROLE_PASSWORD);
            properties.put("spring.flyway.password", GantryInfrastructure.ROLE_PASSWORD);
        }
        if (ClassUtils.isPresent("io.lettuce.core.RedisClient", classLoader)) {
            GantryInfrastructure.Endpoint redis = infra.redis();
            properties.put("gantry.infra.redis.host", redis.host());
            properties.put("gantry.infra.redis.port", redis.port());
        }
        if (ClassUtils.isPresent("org.springframework.kafka.core.KafkaTemplate", classLoader)) {
            properties.put("gantry.infra.kafka.bootstrap-servers", infra.kafkaBootstrapServers());
            // topics of their own per test JVM: modules sharing one broker never consume each other's events
            properties.put("gantry.events.topic-prefix", GantryInfrastructure.TOPIC_PREFIX);
            properties.put("gantry.events.consumer.initial-backoff", "50ms");
            properties.put("gantry.events.consumer.max-attempts", "3");
        }
        if (ClassUtils.isPresent("co.elastic.clients.elasticsearch.ElasticsearchClient", classLoader)) {
            properties.put("gantry.infra.elasticsearch.uris", infra.elasticsearchUris());
        }
        properties.put("gantry.security.jwt.issuer", infra.tokens().issuer());
        properties.put("gantry.security.jwt.jwk-set-uri", infra.tokens().jwkSetUri());
        var sources = context.getEnvironment().getPropertySources();
        var source = new MapPropertySource(PROPERTY_SOURCE, properties);
        if (sources.contains(DYNAMIC_TEST_PROPERTIES)) { // a test's own @DynamicPropertySource wins
            sources.addAfter(DYNAMIC_TEST_PROPERTIES, source);
        } else {
            sources.addFirst(source);
        }
        KafkaListenerIsolation.register(context);
    }
}
