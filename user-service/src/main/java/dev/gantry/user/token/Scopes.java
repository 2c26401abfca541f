package dev.gantry.user.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.gantry.common.web.Problems.FieldError;
import dev.gantry.common.web.ValidationProblem;

/**
 * The scopes a personal token or an integration client may be given; they travel in the {@code scope} claim of the
 * access tokens issued for it: {@code read} (GET and other safe calls) and {@code write} (changes).
 */
public final class Scopes {

    public static final Set<String> KNOWN = Set.of("read", "write");

    private Scopes() {
    }

    /** Refuses unknown scopes, naming each; returns them sorted without duplicates. */
    public static List<String> checked(String field, List<String> scopes) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < scopes.size(); i++) {
            if (!KNOWN.contains(scopes.get(i))) {
                errors.add(new FieldError(field + "[" + i + "]", "must be one of read, write"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationProblem(errors);
        }
        return scopes.stream().distinct().sorted().toList();
    }
}
