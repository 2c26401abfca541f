package dev.gantry.common.security;

import jakarta.servlet.http.HttpServletRequest;

import dev.gantry.common.web.Problems;
import dev.gantry.common.web.RequestCorrelationFilter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Authorization failures raised inside controllers (method security) answer 401/403, not the catch-all 500. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SecurityProblemAdvice {

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail forbidden(HttpServletRequest request) {
        return Problems.complete(Problems.forbidden(), request.getRequestURI(),
                RequestCorrelationFilter.traceId(request));
    }

    @ExceptionHandler(AuthenticationException.class)
    ProblemDetail unauthorized(HttpServletRequest request) {
        return Problems.complete(Problems.unauthorized(request.getHeader("Authorization") != null),
                request.getRequestURI(), RequestCorrelationFilter.traceId(request));
    }
}
