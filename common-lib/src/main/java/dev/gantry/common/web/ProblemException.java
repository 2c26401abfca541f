package dev.gantry.common.web;

import java.net.URI;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.ErrorResponseException;

/** A failure a client can act on, answered as a typed problem; services throw subclasses named for the rule broken. */
public class ProblemException extends ErrorResponseException {

    public ProblemException(HttpStatusCode status, URI type, String title, String detail) {
        super(status, Problems.of(status, type, title, detail), null);
    }
}
