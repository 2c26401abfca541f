package dev.gantry.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestCorrelationTest {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void keepsAWellFormedRequestId() {
        assertThat(RequestCorrelation.requestIdOrNew("req-42_gw.a:b")).isEqualTo("req-42_gw.a:b");
    }

    @Test
    void keepsARequestIdOfExactlySixtyFourCharacters() {
        String id = "a".repeat(64);
        assertThat(RequestCorrelation.requestIdOrNew(id)).isEqualTo(id);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", // 65 characters
            "has spaces in it",
            "abc\r\nX-Injected: yes",
            "abc\n",
            "tab\there",
            "<script>",
            "ünïcode"})
    void replacesAMissingMalformedOrOverLongRequestIdWithAFreshUuid(String header) {
        String id = RequestCorrelation.requestIdOrNew(header);

        assertThat(id).matches(UUID_PATTERN).isNotEqualTo(header);
        assertThat(UUID.fromString(id).version()).isEqualTo(4);
    }

    @Test
    void makesADifferentRequestIdEachTime() {
        assertThat(RequestCorrelation.requestIdOrNew("bad id")).isNotEqualTo(RequestCorrelation.requestIdOrNew("bad id"));
    }

    @Test
    void takesTheTraceIdFromAValidTraceparent() {
        assertThat(RequestCorrelation.traceIdOrNew("00-" + TRACE_ID + "-00f067aa0ba902b7-01")).isEqualTo(TRACE_ID);
    }

    @Test
    void toleratesWhitespaceAroundTheTraceparent() {
        assertThat(RequestCorrelation.traceIdOrNew("  00-" + TRACE_ID + "-00f067aa0ba902b7-00 ")).isEqualTo(TRACE_ID);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "garbage",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // upper case is not allowed by W3C
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", // 31 hex digits
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", // no flags
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\nX-Injected: yes"})
    void makesAFresh32HexTraceIdForAMalformedTraceparent(String traceparent) {
        String traceId = RequestCorrelation.traceIdOrNew(traceparent);

        assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo(TRACE_ID).isNotEqualTo("0".repeat(32));
    }

    @Test
    void makesAFreshTraceIdForTheAllZeroTraceId() {
        String traceId = RequestCorrelation.traceIdOrNew("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01");

        assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
    }

    @Test
    void makesADifferentTraceIdEachTime() {
        assertThat(RequestCorrelation.traceIdOrNew(null)).isNotEqualTo(RequestCorrelation.traceIdOrNew(null));
    }
}
