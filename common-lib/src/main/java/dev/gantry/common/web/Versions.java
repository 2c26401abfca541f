package dev.gantry.common.web;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;

/**
 * Optimistic concurrency over HTTP for every mutable resource: its {@code ETag} is its version ({@code "7"}), and a
 * change must name the version it was made against in {@code If-Match}: 428 when missing, 412 when stale.
 * <p>
 * Controllers take {@code @RequestHeader(name = "If-Match", required = false) String ifMatch} and pass
 * {@link #expected(String)} to the application service, which updates with {@code ... WHERE version = ?} and calls
 * {@link #stale(String, long)} when no row matched, so two concurrent writers can never both win.
 */
public final class Versions {

    public static final URI PRECONDITION_REQUIRED = Problems.type("precondition-required");
    public static final URI STALE_VERSION = Problems.type("stale-version");

    private static final Pattern ETAG = Pattern.compile("\\s*(?:W/)?\"(\\d{1,18})\"\\s*");

    private Versions() {
    }

    /** The strong ETag for a version: {@code "7"}. */
    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /** The version an {@code If-Match} header names; 428 when there is none, 412 when it names no version of ours. */
    public static long expected(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(HttpStatus.PRECONDITION_REQUIRED, PRECONDITION_REQUIRED, "If-Match required",
                    "Send the ETag you last read in an If-Match header, so a concurrent change is not overwritten.");
        }
        Matcher matcher = ETAG.matcher(ifMatch);
        if (!matcher.matches()) {
            throw new ProblemException(HttpStatus.PRECONDITION_FAILED, STALE_VERSION, "Precondition failed",
                    "If-Match " + abbreviate(ifMatch) + " is not an ETag of this resource; read it again and retry.");
        }
        return Long.parseLong(matcher.group(1));
    }

    /** Fails with 412 unless the resource is still at the version the client read. */
    public static void require(String what, long expected, long actual) {
        if (expected != actual) {
            throw stale(what, actual);
        }
    }

    /** The 412 for a change made against an old version; {@code current} tells the client what to re-read. */
    public static ProblemException stale(String what, long current) {
        ProblemException problem = new ProblemException(HttpStatus.PRECONDITION_FAILED, STALE_VERSION,
                "Precondition failed", "The " + what + " was changed by someone else since you read it (it is now at "
                        + "version " + current + "); read it again and reapply your change.");
        problem.getBody().setProperty("currentVersion", current);
        return problem;
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
