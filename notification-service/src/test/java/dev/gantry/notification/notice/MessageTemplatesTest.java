package dev.gantry.notification.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class MessageTemplatesTest {

    final MessageTemplates templates = new MessageTemplates("https://gantry.example.com/");

    @Test
    void rendersEveryKindInBothLanguages() {
        for (NoticeKind kind : NoticeKind.values()) {
            Notice notice = new Notice(kind, UUID.randomUUID(), UUID.randomUUID(), "/x", Map.of("taskKey", "PAY-1",
                    "release", "Payments 2.3", "stage", "灰度发布", "change", MessageTemplates.labelRef("stage.entered"),
                    "outcome", MessageTemplates.labelRef("outcome.ROLLED_BACK"), "reasons",
                    MessageTemplates.labelRef("risk.rejections", "灰度发布", 2)));
            RenderedMessage zh = templates.render(notice, "zh-CN");
            RenderedMessage en = templates.render(notice, "en");
            assertThat(zh.title()).isNotBlank().doesNotContain("{").isNotEqualTo(en.title());
            assertThat(en.body()).isNotBlank().doesNotContain("{").doesNotContain("#");
            assertThat(en.link()).isEqualTo("https://gantry.example.com/x");
        }
    }

    @Test
    void teamChannelsGetWordingThatAddressesNobodyInParticular() {
        Notice assigned = new Notice(NoticeKind.TASK_ASSIGNED, null, null, null, Map.of("actor", "Li", "taskKey",
                "PAY-1", "taskTitle", "Refunds", "assignee", "Han"));
        assertThat(templates.render(assigned, "en").title()).isEqualTo("PAY-1 was assigned to you");
        assertThat(templates.renderForTeam(assigned, "en").title()).isEqualTo("PAY-1 assigned to Han");
        assertThat(templates.renderForTeam(assigned, "zh-CN").body()).isEqualTo("Li 将任务 PAY-1「Refunds」分配给了 Han。");
        Notice completed = new Notice(NoticeKind.RELEASE_COMPLETED, null, null, null, Map.of("release", "Pay 1.0",
                "project", "PAY"));
        assertThat(templates.renderForTeam(completed, "en")).isEqualTo(templates.render(completed, "en"));
    }

    @Test
    void saysLabelsInTheRecipientsLanguage() {
        Notice rolledBack = new Notice(NoticeKind.RELEASE_ENDED, null, null, null, Map.of("release", "Pay 1.0",
                "outcome", MessageTemplates.labelRef("outcome.ROLLED_BACK"), "project", "PAY"));
        assertThat(templates.render(rolledBack, "zh-CN").title()).isEqualTo("Pay 1.0 已回滚");
        assertThat(templates.render(rolledBack, "en-US").title()).isEqualTo("Pay 1.0 was rolled back");
        assertThat(templates.render(rolledBack, null).title()).isEqualTo("Pay 1.0 was rolled back");
        Notice risk = new Notice(NoticeKind.RELEASE_AT_RISK, null, null, null, Map.of("release", "Pay 1.0",
                "project", "PAY", "reasons", MessageTemplates.labelRef("risk.overdueTasks", 2, "PAY-1, PAY-2") + ";"
                        + MessageTemplates.labelRef("risk.rejections", "QA", 3)));
        assertThat(templates.render(risk, "en").body())
                .isEqualTo("Release Pay 1.0 (PAY) is at risk: 2 linked tasks overdue (PAY-1, PAY-2); stage \"QA\" "
                        + "rejected 3 times.");
    }
}
