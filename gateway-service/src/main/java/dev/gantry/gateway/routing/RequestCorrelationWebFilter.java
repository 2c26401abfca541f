package dev.gantry.gateway.routing;

import java.security.SecureRandom;
import java.util.HexFormat;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import dev.gantry.common.web.RequestCorrelation;

/**
 * Every request leaves the gateway with a request id and a W3C {@code traceparent}, kept from the client when
 * well-formed, so the services log and answer under the same ids; the response carries the request id back.
 */
@Component
public class RequestCorrelationWebFilter implements WebFilter, Ordered {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String requestId = RequestCorrelation.requestIdOrNew(
                request.getHeaders().getFirst(RequestCorrelation.REQUEST_ID_HEADER));
        String traceId = RequestCorrelation.traceIdOrNew(
                request.getHeaders().getFirst(RequestCorrelation.TRACEPARENT_HEADER));
        String traceparent = "00-" + traceId + "-" + spanId() + "-01";
        ServerHttpRequest relayed = request.mutate()
                .headers(headers -> {
                    headers.set(RequestCorrelation.REQUEST_ID_HEADER, requestId);
                    headers.set(RequestCorrelation.TRACEPARENT_HEADER, traceparent);
                })
                .build();
        exchange.getAttributes().put(RequestCorrelation.REQUEST_ID_ATTRIBUTE, requestId);
        exchange.getAttributes().put(RequestCorrelation.TRACE_ID_ATTRIBUTE, traceId);
        // at commit, so it replaces the copy a service echoes rather than doubling it
        exchange.getResponse().beforeCommit(() -> {
            exchange.getResponse().getHeaders().set(RequestCorrelation.REQUEST_ID_HEADER, requestId);
            return Mono.empty();
        });
        return chain.filter(exchange.mutate().request(relayed).build());
    }

    private static String spanId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
