package dev.gantry.notification.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class BotCommandTest {

    @Test
    void readsTheCommandsInEnglishAndChineseAfterAnAtMention() {
        assertThat(BotCommand.parse("@Gantry my tasks")).isEqualTo(new BotCommand.MyTasks());
        assertThat(BotCommand.parse(" 我的任务 ")).isEqualTo(new BotCommand.MyTasks());
        assertThat(BotCommand.parse("task pay-12")).isEqualTo(new BotCommand.ShowTask("PAY-12"));
        assertThat(BotCommand.parse("任务 PAY-12")).isEqualTo(new BotCommand.ShowTask("PAY-12"));
        assertThat(BotCommand.parse("approve \"Payments 2.3\" 灰度发布"))
                .isEqualTo(new BotCommand.Approve("Payments 2.3", "灰度发布"));
        assertThat(BotCommand.parse("审批 v2.3 \"Full launch\"")).isEqualTo(new BotCommand.Approve("v2.3",
                "Full launch"));
    }

    @Test
    void anythingElseGetsHelp() {
        assertThat(BotCommand.parse("approve")).isInstanceOf(BotCommand.Help.class);
        assertThat(BotCommand.parse("task 12")).isInstanceOf(BotCommand.Help.class);
        assertThat(BotCommand.parse("x".repeat(10_000))).isInstanceOf(BotCommand.Help.class);
        assertThat(BotCommand.parse(null)).isInstanceOf(BotCommand.Help.class);
    }

    @Test
    void dingTalkCallbacksAreAcceptedOnlyWithTheRightSignatureWithinTheSkew() {
        // reference value computed with: printf '1700000000000\nsecret' | openssl dgst -sha256 -hmac secret -binary | base64
        String sign = "OuzzJR5+xZ4/EYwqtNt6sMYZQMTa/HEGvc9miJe7XzY=";
        Instant at = Instant.ofEpochMilli(1_700_000_000_000L);
        assertThat(CallbackSignatures.dingTalk("1700000000000", sign, "secret", at, Duration.ofHours(1))).isTrue();
        assertThat(CallbackSignatures.dingTalk("1700000000000", sign, "other", at, Duration.ofHours(1))).isFalse();
        assertThat(CallbackSignatures.dingTalk("1700000000000", sign, "secret", at.plus(Duration.ofHours(2)),
                Duration.ofHours(1))).isFalse();
        assertThat(CallbackSignatures.dingTalk("abc", sign, "secret", at, Duration.ofHours(1))).isFalse();
        assertThat(CallbackSignatures.dingTalk(null, null, "secret", at, Duration.ofHours(1))).isFalse();
    }
}
