package dev.gantry.notification.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretBoxTest {

    final SecretBox box = new SecretBox(SecretBox.randomKey());

    @Test
    void sealsWithAFreshNonceAndOpensOnlyInTheSameContext() {
        String first = box.seal("SECtop-secret", "integration:1:secret");
        String second = box.seal("SECtop-secret", "integration:1:secret");
        assertThat(first).startsWith("v1:").isNotEqualTo(second).doesNotContain("top-secret");
        assertThat(box.open(first, "integration:1:secret")).isEqualTo("SECtop-secret");
        assertThatThrownBy(() -> box.open(first, "integration:2:secret")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesATamperedValueOrAnotherKey() {
        String sealed = box.seal("token", "c");
        char[] chars = sealed.toCharArray();
        chars[10] = chars[10] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> box.open(new String(chars), "c")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SecretBox(SecretBox.randomKey()).open(sealed, "c"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SecretBox(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void showsUrlsWithoutTheirCredentials() {
        assertThat(Integrations.display("https://oapi.dingtalk.com/robot/send?access_token=abc"))
                .isEqualTo("https://oapi.dingtalk.com/robot/send?…");
        assertThat(Integrations.display("https://open.feishu.cn/open-apis/bot/v2/hook/0123456789abcdef0123"))
                .isEqualTo("https://open.feishu.cn/open-apis/bot/v2/hook/0123…");
    }
}
