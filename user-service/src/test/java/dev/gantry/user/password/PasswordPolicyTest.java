package dev.gantry.user.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

class PasswordPolicyTest {

    final PasswordPolicy policy = new PasswordPolicy(10, Set.of("password", "dragon", "qwertyuiop", "iloveyou"));

    @Test
    void acceptsALongUncommonPassphrase() {
        assertThat(policy.problems("Correct horse battery 9", "ann@example.com")).isEmpty();
        assertThat(policy.problems("我的密码是一句很长的话", null)).isEmpty();
    }

    @Test
    void refusesShortPasswordsCountingCharactersNotBytes() {
        assertThat(policy.problems("Tr0ub4dor", null)).containsExactly("must be at least 10 characters long");
        assertThat(policy.problems("九个汉字的密码不够长", null)).isEmpty();
    }

    @Test
    void refusesWhatBcryptCannotHashWhole() {
        assertThat(policy.problems("长".repeat(25), null)).anyMatch(p -> p.contains("72 bytes"));
        assertThat(policy.problems("x".repeat(72) + "abc", null)).anyMatch(p -> p.contains("72 bytes"));
    }

    @Test
    void refusesCommonPasswordsAndCommonOnesWithDigitsAdded() {
        assertThat(policy.problems("QWERTYUIOP", null)).anyMatch(p -> p.contains("too common"));
        assertThat(policy.problems("Dragon2024!!", null)).anyMatch(p -> p.contains("too common"));
        assertThat(policy.problems("password1234", null)).anyMatch(p -> p.contains("too common"));
        assertThat(policy.problems("dragonfly-over-water", null)).isEmpty();
    }

    @Test
    void refusesRepetitionAndTheUsersOwnAddress() {
        assertThat(policy.problems("aaaaaaaaaaaaaa", null)).anyMatch(p -> p.contains("different characters"));
        assertThat(policy.problems("zhangsan.wei@corp.cn", "Zhangsan.Wei@corp.cn"))
                .anyMatch(p -> p.contains("e-mail"));
        assertThat(policy.problems("my zhangsan secret", "zhangsan@corp.cn")).anyMatch(p -> p.contains("e-mail"));
    }

    @Test
    void theBundledListHoldsTenThousandCommonPasswords() throws IOException {
        Set<String> list = PasswordConfiguration.readList(new ClassPathResource("passwords/common-passwords.txt"));
        assertThat(list).hasSize(10_000).contains("123456", "password", "qwertyuiop", "1234567890");
        PasswordPolicy bundled = new PasswordPolicy(10, list);
        assertThat(bundled.problems("1qaz2wsx3edc", null)).anyMatch(p -> p.contains("too common"));
    }

    @Test
    void aPolicyBelowEightCharactersIsRefused() {
        assertThatThrownBy(() -> new PasswordPolicy(6, Set.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
