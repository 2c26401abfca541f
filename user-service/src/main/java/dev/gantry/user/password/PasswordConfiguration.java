package dev.gantry.user.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class PasswordConfiguration {

    /**
     * Spring Security's delegating encoder: new hashes are bcrypt (prefixed {@code {bcrypt}}), and hashes of other
     * algorithms it knows keep verifying, so the algorithm can change later without resetting passwords.
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    PasswordPolicy passwordPolicy(PasswordProperties properties, ResourceLoader resources) throws IOException {
        return new PasswordPolicy(properties.minLength(),
                readList(resources.getResource(properties.commonPasswords())));
    }

    @Bean
    LockoutPolicy lockoutPolicy(PasswordProperties properties) {
        return new LockoutPolicy(properties.lockoutThreshold(), properties.firstLock(), properties.maxLock());
    }

    static Set<String> readList(Resource resource) throws IOException {
        Set<String> passwords = new HashSet<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    passwords.add(line.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        if (passwords.isEmpty()) {
            throw new IllegalStateException("The common password list " + resource + " is empty");
        }
        return passwords;
    }
}
