package dev.gantry.common.web;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Request id and W3C trace id of the request being served: taken from the caller when well-formed, made up
 * otherwise. The gateway sets both, so a request keeps them across services.
 */
public final class RequestCorrelation {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    public static final String TRACEPARENT_HEADER = "traceparent";
    public static final String REQUEST_ID_ATTRIBUTE = RequestCorrelation.class.getName() + ".requestId";
    public static final String TRACE_ID_ATTRIBUTE = RequestCorrelation.class.getName() + ".traceId";
    public static final String MDC_REQUEST_ID = "requestId";
    public static final String MDC_TRACE_ID = "traceId";

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final String INVALID_TRACE_ID = "0".repeat(32);
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestCorrelation() {
    }

    public static String requestIdOrNew(String header) {
        return header != null && REQUEST_ID.matcher(header).matches() ? header : UUID.randomUUID().toString();
    }

    public static String traceIdOrNew(String traceparent) {
        if (traceparent != null) {
            var matcher = TRACEPARENT.matcher(traceparent.trim());
            if (matcher.matches() && !INVALID_TRACE_ID.equals(matcher.group(1))) {
                return matcher.group(1);
            }
        }
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
