package dev.gantry.gateway.problem;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.common.web.Problems;
import dev.gantry.common.web.RequestCorrelation;

/** Writes problem+json answers of the gateway itself, with the request path and trace id like the services'. */
@Component
public class ProblemWriter {

    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem) {
        Object traceId = exchange.getAttribute(RequestCorrelation.TRACE_ID_ATTRIBUTE);
        Problems.complete(problem, exchange.getRequest().getPath().value(), traceId == null ? null : traceId.toString());
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setRawStatusCode(problem.getStatus());
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        DataBuffer body = response.bufferFactory().wrap(json.writeValueAsBytes(problem));
        return response.writeWith(Mono.just(body));
    }
}
