package dev.gantry.user.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.gantry.common.idempotency.IdempotencyFilter;
import dev.gantry.common.web.ProblemResponses;
import dev.gantry.common.web.Problems;

/**
 * Refuses {@code Idempotency-Key} on the calls whose answer carries a secret shown once (a new personal token, a
 * client secret, a TOTP secret, recovery codes): common-lib's idempotency support keeps responses for replay, and these
 * secrets must never be stored. Runs before that filter; a client retries such a call by checking what exists first.
 */
public class SecretResponses extends OncePerRequestFilter {

    static final List<String> SECRET_BEARING = List.of("/api/v1/tokens", "/api/v1/clients", "/api/v1/me/mfa/**");
    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final ProblemResponses problems;

    public SecretResponses(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !"POST".equals(request.getMethod()) || request.getHeader(IdempotencyFilter.HEADER) == null
                || SECRET_BEARING.stream().noneMatch(pattern -> PATHS.match(pattern, path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        problems.write(request, response, Problems.of(HttpStatus.BAD_REQUEST, Problems.type("idempotency-not-supported"),
                "Idempotency-Key not accepted here", "This response carries a secret that is shown once and never "
                        + "stored, so it cannot be replayed; send the request without Idempotency-Key."));
    }
}
