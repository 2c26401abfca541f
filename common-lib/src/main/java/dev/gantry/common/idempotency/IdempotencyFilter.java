package dev.gantry.common.idempotency;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.web.ProblemResponses;
import dev.gantry.common.web.Problems;

/**
 * {@code Idempotency-Key} on POST, for every service: the first request with a key runs and its response is kept;
 * a retry with the same key and the same request gets that response again (with {@code Idempotent-Replayed: true});
 * the same key with another request is 422; a retry while the first is still running is 409. Keys are per tenant and
 * caller. A response of 5xx is not kept, so the client may retry it.
 * <p>
 * The key is claimed in a transaction of its own before the request runs. If the process dies after the request's
 * own transaction committed and before the response was recorded, the claim is left behind and a retry gets 409 until
 * the claim is older than the abandonment timeout; it then runs again. That window is accepted knowingly.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");

    private final IdempotentRequests requests;
    private final ProblemResponses problems;
    private final Clock clock;
    private final Duration abandonAfter;

    IdempotencyFilter(IdempotentRequests requests, ProblemResponses problems, Clock clock, Duration abandonAfter) {
        this.requests = requests;
        this.problems = problems;
        this.clock = clock;
        this.abandonAfter = abandonAfter;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<CurrentUser> caller = CurrentUser.current();
        Optional<UUID> tenant = caller.flatMap(CurrentUser::tenantId);
        if (tenant.isEmpty()) {
            // Without a tenant (anonymous sign-up, platform clients) there is no caller scope to keep keys in.
            chain.doFilter(request, response);
            return;
        }
        String key = request.getHeader(HEADER);
        if (!KEY.matcher(key).matches()) {
            problems.write(request, response, Problems.of(HttpStatus.BAD_REQUEST,
                    Problems.type("invalid-idempotency-key"), "Invalid Idempotency-Key",
                    "An Idempotency-Key is 1 to 200 visible ASCII characters, e.g. a UUID."));
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        String hash = hash(request, body);
        String subject = caller.get().subject();
        Optional<IdempotentRequests.Recorded> earlier = TenantContext.callAs(tenant.get(),
                () -> requests.claim(tenant.get(), subject, key, hash, clock.instant()));
        if (earlier.isPresent()) {
            IdempotentRequests.Recorded recorded = earlier.get();
            if (!recorded.requestHash().equals(hash)) {
                problems.write(request, response, Problems.of(HttpStatus.UNPROCESSABLE_CONTENT,
                        Problems.type("idempotency-key-reused"), "Idempotency-Key reused",
                        "This Idempotency-Key was already used for a different request; use a new key for a new "
                                + "request."));
                return;
            }
            if (recorded.completed()) {
                replay(recorded, response);
                return;
            }
            if (recorded.createdAt().plus(abandonAfter).isAfter(clock.instant())) {
                response.setHeader(HttpHeaders.RETRY_AFTER, "1");
                problems.write(request, response, Problems.of(HttpStatus.CONFLICT,
                        Problems.type("idempotent-request-in-progress"), "Request in progress",
                        "A request with this Idempotency-Key is still being processed; retry shortly."));
                return;
            }
            // An abandoned claim (its process died): this request takes it over and runs.
        }
        run(new CachedBodyRequest(request, body), response, chain, tenant.get(), subject, key);
    }

    private void run(HttpServletRequest request, HttpServletResponse response, FilterChain chain, UUID tenant,
            String subject, String key) throws IOException, ServletException {
        ContentCachingResponseWrapper recording = new ContentCachingResponseWrapper(response);
        boolean recorded = false;
        try {
            chain.doFilter(request, recording);
            if (recording.getStatus() < 500) {
                IdempotentRequests.Response outcome = new IdempotentRequests.Response(recording.getStatus(),
                        recording.getContentType(), recording.getHeader(HttpHeaders.LOCATION),
                        recording.getHeader(HttpHeaders.ETAG), recording.getContentAsByteArray());
                TenantContext.runAs(tenant, () -> requests.complete(tenant, subject, key, outcome));
                recorded = true;
            }
        } finally {
            if (!recorded) {
                TenantContext.runAs(tenant, () -> requests.release(tenant, subject, key));
            }
            recording.copyBodyToResponse();
        }
    }

    private static void replay(IdempotentRequests.Recorded recorded, HttpServletResponse response) throws IOException {
        response.setStatus(recorded.status());
        if (recorded.contentType() != null) {
            response.setContentType(recorded.contentType());
        }
        if (recorded.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, recorded.location());
        }
        if (recorded.etag() != null) {
            response.setHeader(HttpHeaders.ETAG, recorded.etag());
        }
        response.setHeader(REPLAYED_HEADER, "true");
        byte[] body = recorded.body() == null ? new byte[0] : recorded.body();
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String hash(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(request.getRequestURI().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '?');
            if (request.getQueryString() != null) {
                digest.update(request.getQueryString().getBytes(StandardCharsets.UTF_8));
            }
            digest.update((byte) '\n');
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The request with its body read once up front (to hash it) and served again to the controller. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("Blocking body only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
