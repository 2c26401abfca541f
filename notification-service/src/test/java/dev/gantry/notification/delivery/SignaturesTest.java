package dev.gantry.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The signing algorithms against reference values computed with openssl from each platform's documented recipe. */
class SignaturesTest {

    @Test
    void dingTalkSignsTimestampNewlineSecretKeyedBySecret() {
        // printf '1700000000000\nsecret' | openssl dgst -sha256 -hmac secret -binary | base64
        assertThat(Signatures.dingTalk(1_700_000_000_000L, "secret"))
                .isEqualTo("OuzzJR5+xZ4/EYwqtNt6sMYZQMTa/HEGvc9miJe7XzY=");
    }

    @Test
    void feishuSignsAnEmptyMessageKeyedByTimestampNewlineSecret() {
        // printf '' | openssl dgst -sha256 -hmac $'1700000000\nsecret' -binary | base64
        assertThat(Signatures.feishu(1_700_000_000L, "secret")).isEqualTo("fiWS2+gh28DOydAv7hzONH/mDn9+b1Y4Y5ivXWXy8vA=");
    }

    @Test
    void gantrySignsTimestampDotBodyAsHex() {
        // printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec
        assertThat(Signatures.gantry(1_700_000_000L, "{\"a\":1}", "whsec")).isEqualTo("sha256=8ad37ba156048ae0e0a5533c75cdf26fee88b07f93cb57ee4c80adb053012032");
    }
}
