package dev.gantry.user.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.gantry.common.web.ValidationProblem;

class ProfileRulesTest {

    @Test
    void acceptsIanaRegionZonesOnly() {
        assertThat(ProfileRules.isIanaZone("Asia/Shanghai")).isTrue();
        assertThat(ProfileRules.isIanaZone("America/Argentina/Buenos_Aires")).isTrue();
        assertThat(ProfileRules.isIanaZone("UTC")).isTrue();
        assertThat(ProfileRules.isIanaZone("+08:00")).isFalse();
        assertThat(ProfileRules.isIanaZone("GMT+8")).isFalse();
        assertThat(ProfileRules.isIanaZone("PRC")).isFalse();
        assertThat(ProfileRules.isIanaZone("asia/shanghai")).isFalse();
        assertThat(ProfileRules.isIanaZone("Asia/Atlantis")).isFalse();
        assertThat(ProfileRules.isIanaZone(null)).isFalse();
    }

    @Test
    void speaksChineseAndEnglish() {
        assertThatCode(() -> ProfileRules.check("locale", "zh-CN", "tz", null)).doesNotThrowAnyException();
        assertThatCode(() -> ProfileRules.check("locale", "en", "tz", "Europe/London")).doesNotThrowAnyException();
        assertThatThrownBy(() -> ProfileRules.check("locale", "zh", "tz", "Mars/Base"))
                .isInstanceOfSatisfying(ValidationProblem.class, problem ->
                        assertThat(problem.getBody().getProperties().get("errors").toString())
                                .contains("locale").contains("tz"));
    }

    @Test
    void comparesEmailsCaseInsensitively() {
        assertThat(ProfileRules.normalizeEmail(" Zhang.San@Example.CN ")).isEqualTo("zhang.san@example.cn");
    }
}
