package dev.gantry.user.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Base32 (RFC 4648 §10 vectors) and recovery codes. */
class MfaSupportTest {

    @Test
    void base32MatchesRfc4648() {
        String[][] vectors = {{"", ""}, {"f", "MY"}, {"fo", "MZXQ"}, {"foo", "MZXW6"}, {"foob", "MZXW6YQ"},
                {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"}};
        for (String[] vector : vectors) {
            assertThat(Base32.encode(vector[0].getBytes(StandardCharsets.US_ASCII))).isEqualTo(vector[1]);
            assertThat(new String(Base32.decode(vector[1] + "======"), StandardCharsets.US_ASCII)).isEqualTo(vector[0]);
        }
        assertThat(Base32.decode("mzxw6ytboi")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void recoveryCodesAreTenDistinctCodesComparedLeniently() {
        List<String> codes = RecoveryCodes.generate(new SecureRandom());
        assertThat(codes).hasSize(10).allMatch(c -> c.matches("[A-Z2-9]{5}-[A-Z2-9]{5}"));
        assertThat(new HashSet<>(codes)).hasSize(10);
        String code = codes.get(0);
        assertThat(RecoveryCodes.hash(code.toLowerCase().replace("-", " "))).isEqualTo(RecoveryCodes.hash(code))
                .hasSize(64);
        assertThat(RecoveryCodes.looksLikeRecoveryCode(code)).isTrue();
        assertThat(RecoveryCodes.looksLikeRecoveryCode("123456")).isFalse();
    }
}
