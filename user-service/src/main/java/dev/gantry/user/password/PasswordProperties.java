package dev.gantry.user.password;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Password rules of this installation.
 *
 * @param minLength fewest characters a password has (default 10)
 * @param commonPasswords a classpath or file resource with one common password per line ({@code #} comments)
 * @param lockoutThreshold consecutive failures that lock an account (default 5)
 * @param firstLock the first lock's length (default 1 minute), doubling with each further failure
 * @param maxLock the longest lock (default 1 hour)
 */
@ConfigurationProperties("gantry.passwords")
record PasswordProperties(Integer minLength, String commonPasswords, Integer lockoutThreshold, Duration firstLock,
        Duration maxLock) {

    PasswordProperties {
        minLength = minLength == null ? 10 : minLength;
        commonPasswords = commonPasswords == null ? "classpath:passwords/common-passwords.txt" : commonPasswords;
        lockoutThreshold = lockoutThreshold == null ? 5 : lockoutThreshold;
        firstLock = firstLock == null ? Duration.ofMinutes(1) : firstLock;
        maxLock = maxLock == null ? Duration.ofHours(1) : maxLock;
    }
}
