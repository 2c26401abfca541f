package dev.gantry.user.password;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a password must be (NIST SP 800-63B style: length and a list of known passwords, no composition rules):
 * long enough, at most 72 bytes (what bcrypt hashes), not a commonly used password, not one with only digits or
 * symbols added to a common one, and not the user's own e-mail address or its name part.
 */
public final class PasswordPolicy {

    /** bcrypt hashes only the first 72 bytes; longer passwords would silently share a hash with their prefix. */
    public static final int MAX_BYTES = 72;

    private final int minLength;
    private final Set<String> common;

    /**
     * @param minLength fewest characters (code points)
     * @param common lower-cased common passwords
     */
    public PasswordPolicy(int minLength, Set<String> common) {
        if (minLength < 8) {
            throw new IllegalArgumentException("A password policy below 8 characters is not a policy");
        }
        this.minLength = minLength;
        this.common = Set.copyOf(common);
    }

    /** Why the password is refused; empty when it is acceptable. */
    public List<String> problems(String password, String email) {
        List<String> problems = new ArrayList<>();
        int length = password.codePointCount(0, password.length());
        if (length < minLength) {
            problems.add("must be at least " + minLength + " characters long");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            problems.add("must be at most " + MAX_BYTES + " bytes long (about 24 Chinese or 72 Latin characters)");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String stem = lower.replaceFirst("[\\p{Punct}\\p{Digit}\\s]+$", "");
        if (common.contains(lower) || stem.length() >= 4 && common.contains(stem)) {
            problems.add("is too common: it appears in lists of leaked passwords");
        } else if (password.codePoints().distinct().count() < 3) {
            problems.add("must contain more than two different characters");
        }
        if (email != null) {
            String address = email.toLowerCase(Locale.ROOT);
            String name = address.contains("@") ? address.substring(0, address.indexOf('@')) : address;
            if (lower.equals(address) || name.length() >= 4 && lower.contains(name)) {
                problems.add("must not contain your e-mail address");
            }
        }
        return problems;
    }
}
