package dev.gantry.common.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;

/** Names each service's OpenAPI description after the service and its build. */
@AutoConfiguration
@ConditionalOnClass(OpenAPI.class)
public class GantryOpenApiAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OpenAPI gantryOpenApi(@Value("${spring.application.name}") String service, ObjectProvider<BuildProperties> build) {
        String version = build.getIfAvailable() == null ? "dev" : build.getIfAvailable().getVersion();
        return new OpenAPI().info(new Info()
                .title("Gantry " + service)
                .version(version)
                .description("Reached through the gateway under /api/v1; errors are RFC 9457 problem+json.")
                .license(new License().name("Apache-2.0")));
    }
}
