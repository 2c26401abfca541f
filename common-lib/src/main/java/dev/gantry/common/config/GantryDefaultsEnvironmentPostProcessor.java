package dev.gantry.common.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds the platform-wide defaults below every property source a service defines, so each service states only what
 * is its own (name, port, schema). With the {@code k8s} profile active the infrastructure coordinates come from
 * environment variables instead.
 */
public class GantryDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String DEFAULTS = "gantryDefaults";
    static final String K8S_DEFAULTS = "gantryDefaultsK8s";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        MutablePropertySources sources = environment.getPropertySources();
        if (sources.contains(DEFAULTS)) {
            return;
        }
        sources.addLast(load(DEFAULTS, "gantry-defaults.properties"));
        if (Arrays.asList(environment.getActiveProfiles()).contains("k8s")) {
            sources.addBefore(DEFAULTS, load(K8S_DEFAULTS, "gantry-defaults-k8s.properties"));
        }
    }

    private static ResourcePropertySource load(String name, String location) {
        try {
            return new ResourcePropertySource(name, new ClassPathResource(location));
        } catch (IOException e) {
            throw new UncheckedIOException("common-lib is missing " + location, e);
        }
    }

    @Override
    public int getOrder() {
        // After ConfigDataEnvironmentPostProcessor, so that active profiles are known.
        return Ordered.LOWEST_PRECEDENCE - 10;
    }
}
