package dev.gantry.common.web;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** The problem types Gantry answers with (RFC 9457), and how a problem body is completed. */
public final class Problems {

    public static final String TYPE_BASE = "https://gantry.dev/problems/";
    public static final URI VALIDATION = type("validation-failed");
    public static final URI MALFORMED_REQUEST = type("malformed-request");
    public static final URI NOT_FOUND = type("not-found");
    public static final URI METHOD_NOT_ALLOWED = type("method-not-allowed");
    public static final URI UNSUPPORTED_MEDIA_TYPE = type("unsupported-media-type");
    public static final URI NOT_ACCEPTABLE = type("not-acceptable");
    public static final URI PAYLOAD_TOO_LARGE = type("payload-too-large");
    public static final URI UNAUTHORIZED = type("unauthorized");
    public static final URI FORBIDDEN = type("forbidden");
    public static final URI CONFLICT = type("conflict");
    public static final URI SERVICE_UNAVAILABLE = type("service-unavailable");
    public static final URI INTERNAL = type("internal-error");

    private Problems() {
    }

    public static URI type(String slug) {
        return URI.create(TYPE_BASE + slug);
    }

    /** The type Gantry uses for a status when the thrower named none. */
    public static URI defaultType(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> MALFORMED_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 422 -> VALIDATION;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status.is5xxServerError() ? INTERNAL : type(slug(status));
        };
    }

    private static String slug(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "status-" + status.value() : known.name().toLowerCase().replace('_', '-');
    }

    public static ProblemDetail of(HttpStatusCode status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }

    /** Fills what every Gantry problem carries: a typed URI, the request path and the trace id. */
    public static ProblemDetail complete(ProblemDetail problem, String path, String traceId) {
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            problem.setType(defaultType(HttpStatusCode.valueOf(problem.getStatus())));
        }
        if (problem.getInstance() == null && path != null) {
            problem.setInstance(pathUri(path));
        }
        if (traceId != null) {
            problem.setProperty("traceId", traceId);
        }
        return problem;
    }

    /** The request path as received (already percent-encoded), or encoded here when it is not a valid URI. */
    private static URI pathUri(String path) {
        try {
            return new URI(path);
        } catch (java.net.URISyntaxException notEncoded) {
            try {
                return new URI(null, null, path, null);
            } catch (java.net.URISyntaxException e) {
                return null;
            }
        }
    }

    /** 401: no token, or one this API does not accept. */
    public static ProblemDetail unauthorized(boolean tokenPresented) {
        return of(HttpStatus.UNAUTHORIZED, UNAUTHORIZED, "Authentication required", tokenPresented
                ? "The access token is invalid, expired or not meant for this API."
                : "This endpoint needs a bearer access token.");
    }

    /** 403: authenticated, but not allowed. */
    public static ProblemDetail forbidden() {
        return of(HttpStatus.FORBIDDEN, FORBIDDEN, "Forbidden", "You are not allowed to do this.");
    }

    /** 500 without internals; the log has the details under the same trace id. */
    public static ProblemDetail internal() {
        return of(HttpStatus.INTERNAL_SERVER_ERROR, INTERNAL, "Internal error",
                "The request failed on our side. Quote the trace id when reporting it.");
    }

    /** One invalid input of a validation problem. */
    public record FieldError(String field, String message) {
    }

    public static ProblemDetail validation(List<FieldError> errors) {
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, VALIDATION, "Validation failed",
                errors.size() == 1 ? "1 field is invalid." : errors.size() + " fields are invalid.");
        problem.setProperty("errors", errors);
        return problem;
    }
}
