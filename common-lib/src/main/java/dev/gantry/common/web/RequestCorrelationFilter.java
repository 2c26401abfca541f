package dev.gantry.common.web;

import java.io.IOException;
import java.util.function.Supplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request a request id and trace id, in the logs (MDC), in problem bodies and in the response. With
 * tracing on, the trace id is the one of the request's span, so logs, problems and exported traces agree.
 */
public class RequestCorrelationFilter extends OncePerRequestFilter {

    private final Supplier<String> currentTraceId;

    public RequestCorrelationFilter() {
        this(() -> null);
    }

    /** @param currentTraceId the trace id of the current span, or null where there is none */
    public RequestCorrelationFilter(Supplier<String> currentTraceId) {
        this.currentTraceId = currentTraceId;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = RequestCorrelation.requestIdOrNew(request.getHeader(RequestCorrelation.REQUEST_ID_HEADER));
        String spanTraceId = currentTraceId.get();
        String traceId = spanTraceId != null ? spanTraceId
                : RequestCorrelation.traceIdOrNew(request.getHeader(RequestCorrelation.TRACEPARENT_HEADER));
        request.setAttribute(RequestCorrelation.REQUEST_ID_ATTRIBUTE, requestId);
        request.setAttribute(RequestCorrelation.TRACE_ID_ATTRIBUTE, traceId);
        response.setHeader(RequestCorrelation.REQUEST_ID_HEADER, requestId);
        MDC.put(RequestCorrelation.MDC_REQUEST_ID, requestId);
        MDC.put(RequestCorrelation.MDC_TRACE_ID, traceId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(RequestCorrelation.MDC_REQUEST_ID);
            MDC.remove(RequestCorrelation.MDC_TRACE_ID);
        }
    }

    public static String traceId(HttpServletRequest request) {
        Object traceId = request.getAttribute(RequestCorrelation.TRACE_ID_ATTRIBUTE);
        return traceId == null ? null : traceId.toString();
    }
}
