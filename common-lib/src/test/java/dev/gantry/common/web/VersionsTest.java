package dev.gantry.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

class VersionsTest {

    @Test
    void etagRoundTripsThroughIfMatch() {
        assertThat(Versions.expected(Versions.etag(42))).isEqualTo(42);
        assertThat(Versions.expected("W/\"7\"")).isEqualTo(7);
    }

    @Test
    void missingIfMatchIs428() {
        assertThatThrownBy(() -> Versions.expected(null)).isInstanceOfSatisfying(ErrorResponseException.class,
                e -> assertThat(e.getStatusCode().value()).isEqualTo(428));
        assertThatThrownBy(() -> Versions.expected("  ")).isInstanceOfSatisfying(ErrorResponseException.class,
                e -> assertThat(e.getStatusCode().value()).isEqualTo(428));
    }

    @Test
    void foreignOrWildcardIfMatchIs412() {
        for (String header : new String[] {"*", "\"abc\"", "7", "\"99999999999999999999\""}) {
            assertThatThrownBy(() -> Versions.expected(header)).as(header)
                    .isInstanceOfSatisfying(ErrorResponseException.class,
                            e -> assertThat(e.getStatusCode().value()).isEqualTo(412));
        }
    }

    @Test
    void staleVersionIs412WithTheCurrentVersion() {
        Versions.require("release", 3, 3);
        assertThatThrownBy(() -> Versions.require("release", 2, 3)).isInstanceOfSatisfying(
                ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(412);
                    assertThat(e.getBody().getProperties()).containsEntry("currentVersion", 3L);
                });
    }
}
