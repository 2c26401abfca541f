package dev.gantry.user.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TotpTest {

    static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SHA256_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SHA512_SEED = ("1234567890123456789012345678901234567890123456789012345678901234")
            .getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238, Appendix B: the reference test vectors (8 digits, 30-second steps). */
    @ParameterizedTest
    @CsvSource({
            "59, 94287082, 46119246, 90693936",
            "1111111109, 07081804, 68084774, 25091201",
            "1111111111, 14050471, 67062674, 99943326",
            "1234567890, 89005924, 91819424, 93441116",
            "2000000000, 69279037, 90698825, 38618901",
            "20000000000, 65353130, 77737706, 47863826"})
    void matchesTheRfc6238TestVectors(long unixTime, String sha1, String sha256, String sha512) {
        long step = Totp.step(Instant.ofEpochSecond(unixTime));
        assertThat(Totp.code(SHA1_SEED, step, 8, "HmacSHA1")).isEqualTo(sha1);
        assertThat(Totp.code(SHA256_SEED, step, 8, "HmacSHA256")).isEqualTo(sha256);
        assertThat(Totp.code(SHA512_SEED, step, 8, "HmacSHA512")).isEqualTo(sha512);
    }

    @Test
    void authenticatorCodesAreTheLastSixDigits() {
        // RFC 4226 Appendix D: HOTP values of the same seed for counters 0 and 1
        assertThat(Totp.code(SHA1_SEED, 0)).isEqualTo("755224");
        assertThat(Totp.code(SHA1_SEED, 1)).isEqualTo("287082");
    }

    @Test
    void acceptsOneStepOfClockDriftEitherSide() {
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        long step = Totp.step(now);
        assertThat(Totp.matchingStep(SHA1_SEED, Totp.code(SHA1_SEED, step - 1), now, 0)).hasValue(step - 1);
        assertThat(Totp.matchingStep(SHA1_SEED, Totp.code(SHA1_SEED, step + 1), now, 0)).hasValue(step + 1);
        assertThat(Totp.matchingStep(SHA1_SEED, Totp.code(SHA1_SEED, step - 2), now, 0)).isEmpty();
    }

    @Test
    void refusesACodeAlreadyUsed() {
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        long step = Totp.step(now);
        String code = Totp.code(SHA1_SEED, step);
        assertThat(Totp.matchingStep(SHA1_SEED, code, now, step - 1)).hasValue(step);
        assertThat(Totp.matchingStep(SHA1_SEED, code, now, step)).isEmpty();
    }

    @Test
    void refusesWhatIsNotSixDigits() {
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        assertThat(Totp.matchingStep(SHA1_SEED, null, now, 0)).isEmpty();
        assertThat(Totp.matchingStep(SHA1_SEED, "12345", now, 0)).isEmpty();
        assertThat(Totp.matchingStep(SHA1_SEED, "12345a", now, 0)).isEmpty();
    }
}
