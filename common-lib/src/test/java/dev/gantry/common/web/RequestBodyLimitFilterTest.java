package dev.gantry.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletInputStream;

import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RequestBodyLimitFilterTest {

    private static final int LIMIT = 16;

    /** Like Spring Boot's JsonMapper, which registers the ProblemDetail mix-in: properties appear at the top level. */
    private final JsonMapper json = JsonMapper.builder()
            .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
            .build();
    private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(LIMIT, new ProblemResponses(json));

    private static byte[] bytes(int count) {
        byte[] body = new byte[count];
        Arrays.fill(body, (byte) 'x');
        return body;
    }

    private static MockHttpServletRequest post(byte[] body) {
        var request = new MockHttpServletRequest("POST", "/api/v1/projects");
        request.setContent(body);
        return request;
    }

    /** A chunked request: the body is there, its length is not announced. */
    private static MockHttpServletRequest chunked(byte[] body) {
        var request = new MockHttpServletRequest("POST", "/api/v1/projects") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        };
        request.setContent(body);
        return request;
    }

    @Test
    void answers413ProblemJsonAndNeverCallsTheChainWhenContentLengthIsAboveTheLimit() throws Exception {
        var request = post(bytes(LIMIT + 1));
        request.setAttribute(RequestCorrelation.TRACE_ID_ATTRIBUTE, "4bf92f3577b34da6a3ce929d0e0e4736");
        var response = new MockHttpServletResponse();
        var chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(chain.getRequest()).isNull();
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        JsonNode body = json.readTree(response.getContentAsString(StandardCharsets.UTF_8));
        assertThat(body.get("status").asInt()).isEqualTo(413);
        assertThat(body.get("type").asString()).isEqualTo("https://gantry.dev/problems/payload-too-large");
        assertThat(body.get("detail").asString()).contains(LIMIT + " bytes");
        assertThat(body.get("instance").asString()).isEqualTo("/api/v1/projects");
        assertThat(body.get("traceId").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void passesABodyWithinTheLimitToTheChainIntact() throws Exception {
        byte[] within = "{\"n\":\"Apollo-1\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(within).hasSize(LIMIT);
        var response = new MockHttpServletResponse();
        AtomicReference<byte[]> read = new AtomicReference<>();

        filter.doFilter(post(within), response, (req, res) -> read.set(req.getInputStream().readAllBytes()));

        assertThat(read.get()).isEqualTo(within);
        assertThat(response.getStatus()).isEqualTo(200);
    }

    @Test
    void passesARequestWithoutBodyToTheChain() throws Exception {
        var chain = new MockFilterChain();

        filter.doFilter(new MockHttpServletRequest("GET", "/api/v1/projects"), new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNotNull();
    }

    @Test
    void readsAChunkedBodyWithinTheLimit() throws Exception {
        AtomicReference<byte[]> read = new AtomicReference<>();

        filter.doFilter(chunked(bytes(LIMIT)), new MockHttpServletResponse(),
                (req, res) -> read.set(req.getInputStream().readAllBytes()));

        assertThat(read.get()).hasSize(LIMIT);
    }

    @Test
    void failsReadingAChunkedBodyThatGrowsPastTheLimit() {
        FilterChain readsAll = (req, res) -> req.getInputStream().readAllBytes();

        assertThatThrownBy(() -> filter.doFilter(chunked(bytes(LIMIT + 1)), new MockHttpServletResponse(), readsAll))
                .isInstanceOf(RequestBodyLimitFilter.PayloadTooLargeException.class)
                .satisfies(e -> assertThat(((RequestBodyLimitFilter.PayloadTooLargeException) e).maxBytes())
                        .isEqualTo(LIMIT));
    }

    @Test
    void failsReadingAChunkedBodyByteByByteOnceItGrowsPastTheLimit() {
        int[] bytesRead = {0};
        FilterChain readsByteByByte = (req, res) -> {
            ServletInputStream in = req.getInputStream();
            while (in.read() >= 0) {
                bytesRead[0]++;
            }
        };

        assertThatThrownBy(() -> filter.doFilter(chunked(bytes(100)), new MockHttpServletResponse(), readsByteByByte))
                .isInstanceOf(RequestBodyLimitFilter.PayloadTooLargeException.class);
        assertThat(bytesRead[0]).isEqualTo(LIMIT);
    }

    @Test
    void countsAcrossSeveralReadsOfTheSameStream() {
        FilterChain readsInTwoGoes = (req, res) -> {
            req.getInputStream().readNBytes(10);
            req.getInputStream().readNBytes(10);
        };

        assertThatThrownBy(() -> filter.doFilter(chunked(bytes(20)), new MockHttpServletResponse(), readsInTwoGoes))
                .isInstanceOf(RequestBodyLimitFilter.PayloadTooLargeException.class);
    }

    /**
     * The class promises to refuse a chunked body that grows past the limit "while reading"; a body read through
     * getReader() bypasses the limited stream, because LimitedRequest wraps only getInputStream().
     */
    @Test
    void failsReadingAChunkedBodyThroughTheReaderOnceItGrowsPastTheLimit() {
        FilterChain readsText = (req, res) -> {
            BufferedReader reader = req.getReader();
            while (reader.read() >= 0) {
                // read it all
            }
        };

        assertThatThrownBy(() -> filter.doFilter(chunked(bytes(LIMIT * 4)), new MockHttpServletResponse(), readsText))
                .isInstanceOf(IOException.class);
    }
}
