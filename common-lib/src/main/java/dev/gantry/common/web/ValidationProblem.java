package dev.gantry.common.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Invalid input found by code rather than by bean validation; answered like a bean-validation failure. */
public class ValidationProblem extends ErrorResponseException {

    public ValidationProblem(List<Problems.FieldError> errors) {
        super(HttpStatus.BAD_REQUEST, Problems.validation(errors), null);
    }
}
