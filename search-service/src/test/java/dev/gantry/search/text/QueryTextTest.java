package dev.gantry.search.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryTextTest {

    @Test
    void keepsAChineseRunTogetherAsOnePhrase() {
        QueryText text = QueryText.parse("支付回调");

        assertThat(text.phrases()).containsExactly("支付回调");
        assertThat(text.terms()).isEmpty();
    }

    @Test
    void splitsChineseRunsAtSpacesAndAtOtherScripts() {
        assertThat(QueryText.parse("支付 回调").phrases()).containsExactly("支付", "回调");
        QueryText mixed = QueryText.parse("支付timeout回调 PAY-12");
        assertThat(mixed.phrases()).containsExactly("支付", "回调");
        assertThat(mixed.terms()).containsExactly("timeout", "PAY-12");
    }

    @Test
    void treatsAQuotedPartAsOnePhraseWhateverItsScript() {
        QueryText text = QueryText.parse("\"callback retries\" 上线 \"unterminated");

        assertThat(text.phrases()).containsExactly("callback retries", "上线", "unterminated");
    }

    @Test
    void dropsPunctuationAndKeepsJapaneseAndKoreanAsPhrases() {
        QueryText text = QueryText.parse("fix, (urgent)! カタカナ 한국어 -- ");

        assertThat(text.terms()).containsExactly("fix", "urgent");
        assertThat(text.phrases()).containsExactly("カタカナ", "한국어");
        assertThat(QueryText.parse("  ").isEmpty()).isTrue();
        assertThat(QueryText.parse(null).isEmpty()).isTrue();
    }
}
