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
        }
        if (ClassUtils.isPresent("co.elastic.clients.elasticsearch.ElasticsearchClient", classLoader)) {
            properties.put("gantry.infra.elasticsearch.uris", infra.elasticsearchUris());
        }
        properties.put("gantry.security.jwt.issuer", infra.tokens().issuer());
        properties.put("gantry.security.jwt.jwk-set-uri", infra.tokens().jwkSetUri());
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
        KafkaListenerIsolation.register(context);
    }
}
