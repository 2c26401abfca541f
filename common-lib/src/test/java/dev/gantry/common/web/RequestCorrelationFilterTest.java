package dev.gantry.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.FilterChain;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestCorrelationFilterTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final RequestCorrelationFilter filter = new RequestCorrelationFilter();

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void exposesTheCallersIdsToTheChainTheLogsAndTheResponse() throws Exception {
        var request = new MockHttpServletRequest("GET", "/api/v1/projects");
        request.addHeader("X-Request-Id", "req-1");
        request.addHeader("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
        var response = new MockHttpServletResponse();
        Map<String, String> seen = new HashMap<>();
        FilterChain chain = (req, res) -> {
            seen.put("mdcRequestId", MDC.get(RequestCorrelation.MDC_REQUEST_ID));
            seen.put("mdcTraceId", MDC.get(RequestCorrelation.MDC_TRACE_ID));
            seen.put("attributeTraceId", RequestCorrelationFilter.traceId((MockHttpServletRequest) req));
        };

        filter.doFilter(request, response, chain);

        assertThat(seen).containsEntry("mdcRequestId", "req-1")
                .containsEntry("mdcTraceId", TRACE_ID)
                .containsEntry("attributeTraceId", TRACE_ID);
        assertThat(request.getAttribute(RequestCorrelation.REQUEST_ID_ATTRIBUTE)).isEqualTo("req-1");
        assertThat(response.getHeader("X-Request-Id")).isEqualTo("req-1");
    }

    @Test
    void answersWithTheFreshRequestIdWhenTheCallersIsMalformed() throws Exception {
        var request = new MockHttpServletRequest("GET", "/");
        request.addHeader("X-Request-Id", "bad\r\nSet-Cookie: x=1");
        var response = new MockHttpServletResponse();

        filter.doFilter(request, response, (req, res) -> { });

        assertThat(response.getHeader("X-Request-Id"))
                .isNotBlank()
                .doesNotContain("\n")
                .isEqualTo(request.getAttribute(RequestCorrelation.REQUEST_ID_ATTRIBUTE));
    }

    @Test
    void removesTheIdsFromTheMdcAfterTheRequestEvenWhenTheChainFails() {
        var request = new MockHttpServletRequest("GET", "/");
        var response = new MockHttpServletResponse();

        try {
            filter.doFilter(request, response, (req, res) -> {
                throw new IllegalStateException("boom");
            });
        } catch (Exception expected) {
            // the failure itself is not what is tested
        }

        assertThat(MDC.get(RequestCorrelation.MDC_REQUEST_ID)).isNull();
        assertThat(MDC.get(RequestCorrelation.MDC_TRACE_ID)).isNull();
    }

    @Test
    void hasNoTraceIdForARequestTheFilterDidNotSee() {
        assertThat(RequestCorrelationFilter.traceId(new MockHttpServletRequest())).isNull();
    }
}
