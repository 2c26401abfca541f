package dev.gantry.gateway.problem;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

import dev.gantry.common.web.Problems;

/**
 * What the gateway answers itself, as problem+json: no route (404), a service it cannot reach (503) or that does
 * not answer in time (504), and anything else without internals.
 */
@Component
@Order(-2)
public class GatewayProblemHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayProblemHandler.class);

    private final ProblemWriter writer;

    public GatewayProblemHandler(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        return writer.write(exchange, problemFor(exchange, ex));
    }

    private static ProblemDetail problemFor(ServerWebExchange exchange, Throwable ex) {
        if (causedBy(ex, ConnectException.class) || causedBy(ex, io.netty.channel.ConnectTimeoutException.class)) {
            return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.SERVICE_UNAVAILABLE, "Service unavailable",
                    serviceName(exchange) + " cannot be reached right now. Try again shortly.");
        }
        if (ex instanceof ErrorResponse response) {
            HttpStatusCode status = response.getStatusCode();
            if (status.value() == HttpStatus.NOT_FOUND.value() && route(exchange) == null) {
                return Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found",
                        "No API answers at this path. API paths start with /api/v1/.");
            }
            if (status.value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
                return Problems.of(status, Problems.type("gateway-timeout"), "Service timed out",
                        serviceName(exchange) + " did not answer in time.");
            }
            ProblemDetail body = response.getBody();
            return Problems.of(status, Problems.defaultType(status), body.getTitle(), body.getDetail());
        }
        if (causedBy(ex, TimeoutException.class)) {
            return Problems.of(HttpStatus.GATEWAY_TIMEOUT, Problems.type("gateway-timeout"), "Service timed out",
                    serviceName(exchange) + " did not answer in time.");
        }
        log.error("Unhandled gateway failure of {} {}", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(), ex);
        return Problems.internal();
    }

    private static Route route(ServerWebExchange exchange) {
        return exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
    }

    private static String serviceName(ServerWebExchange exchange) {
        Route route = route(exchange);
        return route == null ? "The service" : "The " + route.getId().replace("-in-project", "") + " service";
    }

    private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
