package dev.gantry.user.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class LoginPagesTest {

    @Test
    void speaksChineseToChineseBrowsersAndEnglishToOthers() {
        assertThat(LoginPages.chinese(Locale.SIMPLIFIED_CHINESE)).isTrue();
        assertThat(LoginPages.chinese(Locale.TRADITIONAL_CHINESE)).isTrue();
        assertThat(LoginPages.chinese(Locale.ENGLISH)).isFalse();
        assertThat(LoginPages.chinese(Locale.GERMANY)).isFalse();
        assertThat(LoginPages.login(true, "_csrf", "t", null)).contains("登录 Gantry", "邮箱", "密码", "lang=\"zh-CN\"");
        assertThat(LoginPages.login(false, "_csrf", "t", null)).contains("Sign in to Gantry", "E-mail", "lang=\"en\"");
    }

    @Test
    void showsOnlyKnownErrorsAndEscapesWhatItEmbeds() {
        assertThat(LoginPages.login(false, "_csrf", "t", "locked")).contains("Too many failed attempts");
        String forged = LoginPages.login(false, "_csrf", "\"><script>alert(1)</script>", "<script>x</script>");
        assertThat(forged).doesNotContain("<script>").contains("&lt;script&gt;alert(1)");
        assertThat(forged).doesNotContain("class=\"error\"");
    }

    @Test
    void theSecondFactorPageAsksForACode() {
        assertThat(LoginPages.secondFactor(true, "_csrf", "t", "code")).contains("两步验证", "验证码无效", "/login/mfa");
        assertThat(LoginPages.secondFactor(false, "_csrf", "t", null)).contains("authenticator app", "recovery code")
                .contains("autocomplete=\"one-time-code\"");
    }
}
