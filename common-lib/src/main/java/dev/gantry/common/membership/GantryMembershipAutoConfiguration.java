package dev.gantry.common.membership;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.flywaydb.core.api.Location;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The project membership projection for services that authorize project work without owning projects
 * ({@code gantry.membership.projection=true}): its tables (Flyway location {@code db/membership}), the projection and
 * {@link ProjectAccess}. The service includes {@link ProjectMembership#subscriptions()} in its event subscriptions.
 */
@AutoConfiguration
@ConditionalOnClass({JdbcClient.class, FlywayConfigurationCustomizer.class})
@ConditionalOnProperty(prefix = "gantry.membership", name = "projection", havingValue = "true")
public class GantryMembershipAutoConfiguration {

    static final String LOCATION = "classpath:db/membership";

    @Bean
    ProjectMembership projectMembership(JdbcClient jdbc) {
        return new ProjectMembership(jdbc);
    }

    @Bean
    ProjectAccess projectAccess(ProjectMembership membership) {
        return new ProjectAccess(membership);
    }

    @Bean
    FlywayConfigurationCustomizer membershipMigrations() {
        return configuration -> {
            List<Location> locations = new ArrayList<>(Arrays.asList(configuration.getLocations()));
            Location membership = new Location(LOCATION);
            if (!locations.contains(membership)) {
                locations.add(membership);
            }
            configuration.locations(locations.toArray(Location[]::new));
        };
    }
}
