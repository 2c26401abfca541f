package dev.gantry.gateway.health;

import java.util.Map;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The one actuator answer on the public port: whether the gateway is ready, without details. Metrics and the
 * detailed health groups live on the management port, which is never published.
 */
@Configuration(proxyBeanMethods = false)
class PublicHealthRoute {

    @Bean
    RouterFunction<ServerResponse> publicHealth(HealthEndpoint health) {
        return RouterFunctions.route()
                .GET("/actuator/health", request -> Mono.fromCallable(() -> health.healthForPath("readiness"))
                        .subscribeOn(Schedulers.boundedElastic())
                        .flatMap(descriptor -> {
                            Status status = descriptor == null ? Status.UNKNOWN : descriptor.getStatus();
                            HttpStatus code = Status.UP.equals(status) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE;
                            return ServerResponse.status(code).bodyValue(Map.of("status", status.getCode()));
                        }))
                .build();
    }
}
