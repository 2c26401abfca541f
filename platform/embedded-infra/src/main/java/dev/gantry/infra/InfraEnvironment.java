package dev.gantry.infra;

/**
 * The environment variables that name running infrastructure. Spring's relaxed binding maps each to the
 * {@code gantry.infra.*} property of the same name, so services and tests read them without extra code.
 */
public final class InfraEnvironment {

    public static final String POSTGRES_HOST = "GANTRY_INFRA_POSTGRES_HOST";
    public static final String POSTGRES_PORT = "GANTRY_INFRA_POSTGRES_PORT";
    /** A superuser, used only to create databases and roles. */
    public static final String POSTGRES_ADMIN_USER = "GANTRY_INFRA_POSTGRES_ADMIN_USER";
    public static final String POSTGRES_ADMIN_PASSWORD = "GANTRY_INFRA_POSTGRES_ADMIN_PASSWORD";
    public static final String REDIS_HOST = "GANTRY_INFRA_REDIS_HOST";
    public static final String REDIS_PORT = "GANTRY_INFRA_REDIS_PORT";
    public static final String KAFKA_BOOTSTRAP_SERVERS = "GANTRY_INFRA_KAFKA_BOOTSTRAP_SERVERS";
    public static final String ELASTICSEARCH_URIS = "GANTRY_INFRA_ELASTICSEARCH_URIS";

    private InfraEnvironment() {
    }

    public static String get(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
