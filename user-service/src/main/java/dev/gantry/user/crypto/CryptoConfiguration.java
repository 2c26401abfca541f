package dev.gantry.user.crypto;

import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

    /**
     * The one cipher for secrets at rest, keyed by {@code gantry.secrets.encryption-key}: base64 of 32 random bytes,
     * from a secret store in production (GANTRY_SECRETS_ENCRYPTION_KEY).
     */
    @Bean
    SecretCipher secretCipher(@Value("${gantry.secrets.encryption-key}") String key) {
        return new SecretCipher(Base64.getDecoder().decode(key), new SecureRandom());
    }
}
