package dev.gantry.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;

class AutoConfigurationImportsTest {

    private static List<String> imports() throws IOException {
        try (InputStream in = AutoConfigurationImportsTest.class.getResourceAsStream(
                "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
            assertThat(in).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        }
    }

    @Test
    void everyImportedClassExistsAndIsAnAutoConfiguration() throws Exception {
        List<String> imports = imports();

        assertThat(imports).isNotEmpty().doesNotHaveDuplicates();
        for (String name : imports) {
            Class<?> type = Class.forName(name, false, getClass().getClassLoader());
            assertThat(type.isAnnotationPresent(AutoConfiguration.class)).as(name).isTrue();
        }
    }
}
