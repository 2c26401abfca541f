package dev.gantry.task.customfield;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class CustomFieldTest {

    @Test
    void valuesAreCheckedAndNormalizedByType() {
        CustomField number = new CustomField("points", "Points", CustomField.Type.NUMBER, List.of());
        assertThat(number.normalize(3).value()).isEqualTo(new BigDecimal("3"));
        assertThat(number.normalize("x").problem()).isEqualTo("must be a number");

        CustomField date = new CustomField("due", "Due", CustomField.Type.DATE, List.of());
        assertThat(date.normalize("2026-12-01").value()).isEqualTo("2026-12-01");
        assertThat(date.normalize("01/12/2026").problem()).contains("yyyy-MM-dd");

        CustomField single = new CustomField("env", "Env", CustomField.Type.SINGLE_SELECT, List.of("prod", "test"));
        assertThat(single.normalize("prod").value()).isEqualTo("prod");
        assertThat(single.normalize("dev").problem()).contains("[prod, test]");

        CustomField multi = new CustomField("os", "OS", CustomField.Type.MULTI_SELECT, List.of("ios", "android"));
        assertThat(multi.normalize(List.of("ios", "ios")).value()).isEqualTo(List.of("ios"));
        assertThat(multi.normalize(List.of("ios", "web")).problem()).isNotNull();

        CustomField user = new CustomField("owner", "Owner", CustomField.Type.USER, List.of());
        String id = UUID.randomUUID().toString();
        assertThat(user.normalize(id).value()).isEqualTo(id);
        assertThat(user.normalize("bob").problem()).isEqualTo("must be a user id");

        CustomField text = new CustomField("note", "Note", CustomField.Type.TEXT, List.of());
        assertThat(text.normalize("x".repeat(2001)).problem()).isNotNull();
        assertThat(text.normalize(null).value()).isNull();
        assertThat(text.normalize(null).problem()).isNull();
    }
}
