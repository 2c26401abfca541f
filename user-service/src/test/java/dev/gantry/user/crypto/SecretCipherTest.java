package dev.gantry.user.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class SecretCipherTest {

    @Test
    void secretsDecryptOnlyForTheUserTheyWereSealedFor() {
        SecretCipher cipher = new SecretCipher(new byte[32], new SecureRandom());
        byte[] secret = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
        String sealed = cipher.encrypt(secret, "tenant/user-a");
        assertThat(sealed).doesNotContain("0123456789");
        assertThat(cipher.decrypt(sealed, "tenant/user-a")).isEqualTo(secret);
        assertThat(cipher.encrypt(secret, "tenant/user-a")).isNotEqualTo(sealed);
        assertThatThrownBy(() -> cipher.decrypt(sealed, "tenant/user-b")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SecretCipher(new byte[16], new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
