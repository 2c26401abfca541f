package dev.gantry.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

class GantryDefaultsEnvironmentPostProcessorTest {

    private final GantryDefaultsEnvironmentPostProcessor processor = new GantryDefaultsEnvironmentPostProcessor();

    /** The environment of a service: its own configuration above the JVM and OS sources. */
    private static StandardEnvironment environment(Map<String, Object> serviceProperties) {
        var env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("service", serviceProperties));
        return env;
    }

    /** The same without the real OS environment and system properties, so the test never depends on the machine. */
    private static StandardEnvironment hermetic(Map<String, Object> serviceProperties) {
        var env = environment(serviceProperties);
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        return env;
    }

    private void process(StandardEnvironment env) {
        processor.postProcessEnvironment(env, new SpringApplication());
    }

    private static String lastSourceName(StandardEnvironment env) {
        PropertySource<?> last = null;
        for (PropertySource<?> source : env.getPropertySources()) {
            last = source;
        }
        return last == null ? null : last.getName();
    }

    @Test
    void addsTheDefaultsBelowEverySource() {
        var env = new StandardEnvironment();

        process(env);

        assertThat(lastSourceName(env)).isEqualTo("gantryDefaults");
        assertThat(env.getProperty("server.shutdown")).isEqualTo("graceful");
        assertThat(env.getProperty("spring.threads.virtual.enabled", Boolean.class)).isTrue();
    }

    @Test
    void letsAServicePropertyWinOverADefault() {
        var env = environment(Map.of("server.shutdown", "immediate"));

        process(env);

        assertThat(env.getProperty("server.shutdown")).isEqualTo("immediate");
    }

    @Test
    void tagsMetricsWithTheApplicationName() {
        var env = environment(Map.of("spring.application.name", "project-service"));

        process(env);

        assertThat(env.getRequiredProperty("management.metrics.tags.service")).isEqualTo("project-service");
        assertThat(env.getRequiredProperty("spring.kafka.consumer.group-id")).isEqualTo("project-service");
    }

    @Test
    void derivesTheDatabaseRolesAndSchemaFromTheServiceSchema() {
        var env = environment(Map.of("gantry.database.schema", "projects"));

        process(env);

        assertThat(env.getRequiredProperty("spring.datasource.username")).isEqualTo("projects_app");
        assertThat(env.getRequiredProperty("spring.flyway.user")).isEqualTo("projects_owner");
        assertThat(env.getRequiredProperty("spring.datasource.hikari.schema")).isEqualTo("projects");
        assertThat(env.getRequiredProperty("spring.flyway.placeholders.appRole")).isEqualTo("projects_app");
    }

    @Test
    void pointsAtTheLocalPlatformWithoutTheK8sProfile() {
        var env = hermetic(Map.of());

        process(env);

        assertThat(env.getPropertySources().contains("gantryDefaultsK8s")).isFalse();
        assertThat(env.getRequiredProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://127.0.0.1:15432/gantry");
        assertThat(env.getProperty("gantry.security.jwt.forbid-loopback-jwks")).isNull();
    }

    @Test
    void forbidsLoopbackSigningKeysWithTheK8sProfile() {
        var env = hermetic(Map.of());
        env.setActiveProfiles("k8s");

        process(env);

        assertThat(env.getProperty("gantry.security.jwt.forbid-loopback-jwks", Boolean.class)).isTrue();
    }

    @Test
    void logsStructuredJsonOnlyWithTheK8sProfile() {
        var local = hermetic(Map.of("spring.application.name", "task-service"));
        process(local);
        assertThat(local.getProperty("logging.structured.format.console")).isNull();

        var cluster = hermetic(Map.of("spring.application.name", "task-service"));
        cluster.setActiveProfiles("k8s");
        process(cluster);
        assertThat(cluster.getProperty("logging.structured.format.console")).isEqualTo("ecs");
        assertThat(cluster.getProperty("logging.structured.ecs.service.name")).isEqualTo("task-service");
    }

    @Test
    void failsToResolveTheDatabaseUrlWithTheK8sProfileWhenTheEnvironmentLacksIt() {
        var env = hermetic(Map.of());
        env.setActiveProfiles("k8s");

        process(env);

        assertThatThrownBy(() -> env.getProperty("spring.datasource.url"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GANTRY_DB_URL");
        assertThatThrownBy(() -> env.getRequiredProperty("spring.datasource.url"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void takesTheInfrastructureFromTheEnvironmentWithTheK8sProfile() {
        var env = hermetic(Map.of("GANTRY_DB_URL", "jdbc:postgresql://postgres:5432/gantry",
                "GANTRY_REDIS_HOST", "redis"));
        env.setActiveProfiles("k8s");

        process(env);

        assertThat(env.getRequiredProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://postgres:5432/gantry");
        assertThat(env.getRequiredProperty("spring.data.redis.host")).isEqualTo("redis");
        assertThat(env.getRequiredProperty("spring.data.redis.port")).isEqualTo("6379");
        assertThat(env.getRequiredProperty("gantry.security.jwt.audience")).isEqualTo("gantry-api");
    }

    @Test
    void placesTheK8sDefaultsJustAboveTheCommonDefaults() {
        var env = environment(Map.of("server.shutdown", "immediate"));
        env.setActiveProfiles("k8s");

        process(env);

        var names = env.getPropertySources().stream().map(PropertySource::getName).toList();
        assertThat(names).endsWith("gantryDefaultsK8s", "gantryDefaults");
        assertThat(names.getFirst()).isEqualTo("service");
        assertThat(env.getProperty("server.shutdown")).isEqualTo("immediate");
    }

    @Test
    void addsTheDefaultsOnlyOnce() {
        var env = environment(Map.of());
        env.setActiveProfiles("k8s");
        process(env);
        PropertySource<?> defaults = env.getPropertySources().get("gantryDefaults");
        PropertySource<?> k8sDefaults = env.getPropertySources().get("gantryDefaultsK8s");
        env.getPropertySources().addLast(new MapPropertySource("addedLater", Map.of()));
        int sources = env.getPropertySources().size();

        process(env);

        assertThat(env.getPropertySources().size()).isEqualTo(sources);
        assertThat(env.getPropertySources().get("gantryDefaults")).isSameAs(defaults);
        assertThat(env.getPropertySources().get("gantryDefaultsK8s")).isSameAs(k8sDefaults);
        assertThat(lastSourceName(env)).isEqualTo("addedLater");
    }

    @Test
    void runsAfterTheConfigDataIsLoaded() {
        assertThat(processor.getOrder())
                .isGreaterThan(org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor.ORDER);
    }

    @Test
    void isRegisteredAsAnEnvironmentPostProcessor() throws Exception {
        boolean registered = false;
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/spring.factories"))) {
            var factories = new Properties();
            try (InputStream in = url.openStream()) {
                factories.load(in);
            }
            String value = factories.getProperty(org.springframework.boot.EnvironmentPostProcessor.class.getName(), "");
            registered |= value.contains(GantryDefaultsEnvironmentPostProcessor.class.getName());
        }
        assertThat(registered).isTrue();
    }
}
