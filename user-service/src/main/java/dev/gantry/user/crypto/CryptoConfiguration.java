package dev.gantry.user.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

    /** The key application.yml falls back to, for local use only. */
    static final String DEVELOPMENT_KEY = "ZGV2ZWxvcG1lbnQtb25seS10b3RwLWtleS0zMmJ5dGU=";

    private static final Logger log = LoggerFactory.getLogger(CryptoConfiguration.class);

    /**
     * The one cipher for secrets at rest, keyed by {@code gantry.secrets.encryption-key}: base64 of 32 random bytes,
     * from a secret store in production (GANTRY_SECRETS_ENCRYPTION_KEY).
     */
    @Bean
    SecretCipher secretCipher(@Value("${gantry.secrets.encryption-key}") String key, Environment environment) {
        if (DEVELOPMENT_KEY.equals(key) && Arrays.asList(environment.getActiveProfiles()).contains("k8s")) {
            // loud rather than fatal until every deployment provides the secret; then this becomes a refusal
            log.error("TOTP secrets and signing keys are encrypted with the development key: set "
                    + "GANTRY_SECRETS_ENCRYPTION_KEY (base64 of 32 random bytes) from a secret store");
        }
        return new SecretCipher(Base64.getDecoder().decode(key), new SecureRandom());
    }
}
